/**
 * One message to one user, as the notification controller hands it to a Notifier:
 * an outbox row (store/leasing-store.ts, NotificationRecord) joined with its recipient.
 */
export interface Notification {
  /** The outbox row's id: stable across resends, so receivers can de-duplicate on it. */
  id: number;
  /** e.g. 'lease.expiring', 'lease.stopped', 'lease.reclaimed', 'lease.ready' */
  kind: string;
  /** One line, plain text. */
  subject: string;
  /** Plain text, for people. */
  body: string;
  /** Structured payload, for machines (JSON-serialisable). */
  data: Record<string, unknown>;
  recipient: { userId: string; name: string; email: string | null };
}

/**
 * A way to reach people: e-mail (notify/smtp-notifier.ts), an HTTP webhook
 * (notify/webhook-notifier.ts), the log (notify/log-notifier.ts), or several at once
 * (notify/fanout-notifier.ts). Chosen and configured by the composition root.
 *
 * Contract:
 * - `send` resolves once the backend accepted the message (SMTP 250 after DATA, HTTP 2xx,
 *   the log line written). It never resolves without delivering: a notification it
 *   cannot deliver is an error, so that the outbox records why.
 * - Failures are DriverError (core/errors.ts) of two kinds only:
 *   'transient': worth sending again later (connection refused or reset, timeouts,
 *   SMTP 4xx such as 421/450/451/452/454, HTTP 5xx, 408 and 429). `details.retryAfterMs`
 *   is set when the backend said when to come back.
 *   'fatal': the same message will fail again (a recipient without an e-mail address
 *   for a mail notifier, a refused address, SMTP 5xx, wrong credentials, HTTP 4xx).
 *   Other exceptions are bugs. Messages name the backend but never hold a secret
 *   (password, webhook secret, credentials or tokens inside a URL).
 * - Delivery is at least once. The outbox may send a notification again after a crash
 *   or after a transient failure (a webhook notifier also retries inside one call, and a
 *   timed-out request may have been acted on). Each notifier therefore puts the id on
 *   the wire (`Message-ID` and `X-Drover-Notification` headers, the JSON `id`) so that
 *   receivers can drop duplicates.
 * - Notifications carry no secrets: they pass through mail relays, third-party
 *   webhooks and logs. A 'lease.ready' message says where to fetch the initial
 *   password, never the password itself.
 * - `send` may be called concurrently. `close` releases connections; no `send` after it.
 */
export interface Notifier {
  /** For logs and errors: 'smtp', 'webhook', 'log', 'fanout(smtp,webhook)'. */
  readonly name: string;
  send(n: Notification): Promise<void>;
  close(): Promise<void>;
}
