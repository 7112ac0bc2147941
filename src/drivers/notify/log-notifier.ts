import { DriverError } from '../../core/errors.js';
import type { Notification, Notifier } from '../notifier.js';

/** What the log notifier writes with; pino's Logger satisfies it. */
export interface NotificationLog {
  info(obj: object, msg?: string): void;
}

/** Data keys whose values stay out of logs even if a notification breaks the no-secrets rule. */
const SECRET_KEY = /pass(word|wd)?$|secret|token|credential|private.?key/i;

/**
 * Writes each notification as one structured log line: the default notifier of the
 * embedded mode and of demos, where nobody configured mail, and a record beside the
 * others in a fanout. The recipient appears by user id and name; the e-mail address
 * is contact data that a log does not need.
 */
export class LogNotifier implements Notifier {
  readonly name: string;
  readonly #log: NotificationLog;

  constructor(log: NotificationLog, opts: { name?: string } = {}) {
    this.#log = log;
    this.name = opts.name ?? 'log';
  }

  async send(n: Notification): Promise<void> {
    try {
      this.#log.info(
        {
          notification: n.id,
          kind: n.kind,
          userId: n.recipient.userId,
          recipient: n.recipient.name,
          subject: n.subject,
          body: n.body,
          data: redact(n.data),
        },
        `notification: ${n.subject}`,
      );
    } catch (e) {
      throw new DriverError('transient', `${this.name}: could not write: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async close(): Promise<void> {}
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)]));
}
