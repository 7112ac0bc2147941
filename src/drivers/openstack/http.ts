import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { DriverError } from '../../core/errors.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Safe to send twice. Default: true for GET, HEAD, PUT and DELETE; false for POST and
   * PATCH, which are then retried only when the cloud surely did not act on them
   * (connection refused, 429), never after a 5xx or a timeout.
   */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Names the call in errors: "compute POST /servers". Never holds a secret. */
  label: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response says it is JSON, else null. */
  body: unknown;
  text: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry starts later than this after the first attempt. */
  budgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, budgetMs: 60_000, baseDelayMs: 200, maxDelayMs: 10_000 };

export interface HttpClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Per attempt; default 60 s. */
  timeoutMs?: number;
  tls?: { verify: boolean; cacert: string | null; cert: string | null; key: string | null };
  /** Injected for tests; default: real time and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** Errors raised before the request left this process: resending cannot duplicate it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * JSON over HTTP with keep-alive and a retry policy. One undici Agent per client keeps
 * one connection pool per endpoint origin. Retries: 429 always (the cloud refused the
 * request), 5xx and timeouts only for idempotent requests, connection failures before
 * sending always; with full-jitter exponential backoff, or the cloud's Retry-After,
 * inside `budgetMs`. The final response is returned whatever its status; only network
 * failures throw (DriverError 'transient').
 */
export class HttpClient {
  readonly #agent: Agent;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(opts: HttpClientOptions = {}) {
    const tls = opts.tls;
    this.#agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 32,
      connect: tls
        ? {
            rejectUnauthorized: tls.verify,
            ...(tls.cacert ? { ca: readFileSync(tls.cacert) } : {}),
            ...(tls.cert ? { cert: readFileSync(tls.cert) } : {}),
            ...(tls.key ? { key: readFileSync(tls.key) } : {}),
          }
        : {},
    });
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#now = opts.now ?? Date.now;
    this.#random = opts.random ?? Math.random;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? !(req.method === 'POST' || req.method === 'PATCH');
    const started = this.#now();
    for (let attempt = 1; ; attempt++) {
      let delay: number;
      try {
        const res = await this.#once(req);
        if (!(res.status === 429 || (idempotent && res.status >= 500))) return res;
        delay = retryAfterMs(res.headers['retry-after'], this.#now()) ?? this.#backoff(attempt);
        if (!this.#mayRetry(attempt, started, delay)) return res;
      } catch (e) {
        const code = errorCode(e);
        const failure = new DriverError('transient', `${req.label}: ${describeNetworkError(e, code)}`);
        // Only a request that surely never left may be resent when it is not idempotent.
        if (!(idempotent || NOT_SENT.has(code))) throw failure;
        delay = this.#backoff(attempt);
        if (!this.#mayRetry(attempt, started, delay)) throw failure;
      }
      await this.#sleep(delay);
    }
  }

  #mayRetry(attempt: number, started: number, delay: number): boolean {
    return attempt < this.#retry.maxAttempts && this.#now() - started + delay <= this.#retry.budgetMs;
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
  #backoff(attempt: number): number {
    const cap = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.#random() * cap);
  }

  async #once(req: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'drover-openstack', ...req.headers };
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const res = await request(req.url, {
      method: req.method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      dispatcher: this.#agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown = null;
    if (text && /json/.test(flat['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { status: res.statusCode, headers: flat, body, text };
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function errorCode(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code ?? err?.cause?.code ?? '';
}

function describeNetworkError(e: unknown, code: string): string {
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timed out waiting for the cloud';
  const msg = e instanceof Error ? e.message : String(e);
  return code ? `${code}: ${msg}` : msg;
}
