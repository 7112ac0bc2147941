import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { DriverError, InputError } from '../../core/errors.js';
import type { Notification, Notifier } from '../notifier.js';
import { isCertificateFault, netErrorCode } from './net-fault.js';

export interface WebhookRetry {
  /** Attempts in one `send`, the first included; default 3. */
  maxAttempts: number;
  /** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(n-1))]. */
  baseDelayMs: number;
  /** Also the longest Retry-After waited for inside a call; default 5 s. */
  maxDelayMs: number;
}

export interface WebhookNotifierOptions {
  /** http(s) URL; it may hold a token (its path and query never appear in errors). */
  url: string;
  /** Signs each body: `X-Drover-Signature: sha256=<hex HMAC-SHA256(secret, body)>`. */
  secret?: string;
  /** Extra request headers, e.g. the receiver's Authorization. */
  headers?: Record<string, string>;
  /** Per attempt, from connecting to the end of the response; default 10 s. */
  timeoutMs?: number;
  retry?: Partial<WebhookRetry>;
  /** Defaults to 'webhook'. */
  name?: string;
  /** Injected for tests; default: real time and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

/**
 * Posts each notification as JSON:
 * `{ id, kind, subject, body, data, recipient: { userId, name } }` (no e-mail address:
 * the receiver gets what it needs to route the message, not the user's contact data).
 *
 * Answers: 2xx delivered; 408, 429 and 5xx transient (retried here, then thrown);
 * other statuses, redirects included, fatal. Network failures and timeouts are
 * transient, except a refused TLS certificate (fatal: a configuration fault).
 * A retried POST may reach the receiver twice (a timeout does not say whether it was
 * acted on), so receivers de-duplicate on `id`, also sent as `X-Drover-Notification`.
 */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  readonly #url: URL;
  readonly #label: string;
  readonly #agent = new Agent({ keepAliveTimeout: 10_000, connections: 8 });
  readonly #opts: WebhookNotifierOptions;
  readonly #retry: WebhookRetry;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;

  constructor(opts: WebhookNotifierOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new InputError('webhook url is not a URL', 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`webhook url must be http or https, not ${url.protocol}`, 'url');
    this.name = opts.name ?? 'webhook';
    this.#url = url;
    this.#label = `${this.name} ${url.origin}`;
    this.#opts = opts;
    this.#retry = { ...DEFAULT_WEBHOOK_RETRY, ...opts.retry };
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = opts.random ?? Math.random;
  }

  async send(n: Notification): Promise<void> {
    const body = JSON.stringify({
      id: n.id,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      data: n.data,
      recipient: { userId: n.recipient.userId, name: n.recipient.name },
    });
    const headers: Record<string, string> = {
      // Lower-cased, so that a configured header cannot shadow one of Drover's below.
      ...Object.fromEntries(Object.entries(this.#opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      'content-type': 'application/json',
      'user-agent': 'drover-notifier',
      'x-drover-notification': String(n.id),
      'x-drover-event': n.kind,
    };
    if (this.#opts.secret) headers['x-drover-signature'] = signWebhookBody(this.#opts.secret, body);

    for (let attempt = 1; ; attempt++) {
      const failure = await this.#post(body, headers);
      if (failure === null) return;
      if (failure.kind !== 'transient' || attempt >= this.#retry.maxAttempts) throw failure;
      const asked = failure.details.retryAfterMs;
      // A receiver that wants a longer pause than we wait in one call gets it from the outbox.
      if (asked !== undefined && asked > this.#retry.maxDelayMs) throw failure;
      await this.#sleep(asked ?? this.#backoff(attempt));
    }
  }

  /** One attempt: null when delivered, else the error it would throw. */
  async #post(body: string, headers: Record<string, string>): Promise<DriverError | null> {
    const timeoutMs = this.#opts.timeoutMs ?? 10_000;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(this.#url, { method: 'POST', body, headers, dispatcher: this.#agent, signal });
      if (res.statusCode >= 200 && res.statusCode < 300) {
        await res.body.dump();
        return null;
      }
      const text = (await res.body.text()).replace(/\s+/g, ' ').trim().slice(0, 200);
      const status = res.statusCode;
      const transient = status === 408 || status === 429 || status >= 500;
      const details: { status: number; retryAfterMs?: number } = { status };
      const after = retryAfterMs(res.headers['retry-after']);
      if (after !== null) details.retryAfterMs = after;
      const why = status >= 300 && status < 400 ? ' (redirects are not followed: configure the final URL)' : '';
      return new DriverError(transient ? 'transient' : 'fatal', `${this.#label}: ${status}${why}${text ? ` ${text}` : ''}`, details);
    } catch (e) {
      if (signal.aborted) return new DriverError('transient', `${this.#label}: no answer within ${timeoutMs} ms`);
      const code = netErrorCode(e);
      const message = (e instanceof Error ? e.message : String(e)).split(this.#url.href).join(this.#url.origin);
      return new DriverError(isCertificateFault(code) ? 'fatal' : 'transient', `${this.#label}: ${code ? `${code} ` : ''}${message}`);
    }
  }

  #backoff(attempt: number): number {
    const cap = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.#random() * cap);
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** The `X-Drover-Signature` value for a body: `sha256=` and the hex HMAC-SHA256. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Retry-After in seconds (the form receivers send); an HTTP date is read too. */
function retryAfterMs(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
