import { errorFromResponse } from './errors.js';
import type { HttpClient, HttpMethod, HttpResponse } from './http.js';
import type { KeystoneSession } from './keystone-auth.js';

export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  /** See HttpRequest.idempotent. */
  idempotent?: boolean;
  /** Statuses handed back as they are instead of thrown (e.g. [404] where missing is fine). */
  accept?: number[];
  headers?: Record<string, string>;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/**
 * One OpenStack service (compute, image, network, placement) as seen with the session's
 * token: resolves its endpoint once, adds the token and the service's headers, retries
 * once with a fresh token after a 401, and turns any other non-2xx status into a
 * DriverError (errors.ts) unless the caller accepts it.
 */
export class ServiceClient {
  #base: Promise<string> | null = null;

  constructor(
    readonly serviceType: string,
    private readonly session: KeystoneSession,
    private readonly http: HttpClient,
    private readonly opts: {
      /** Version path the catalog URL may lack, e.g. "/v2.0" for Neutron. */
      versionPath?: string;
      headers?: () => Record<string, string>;
    } = {},
  ) {}

  base(): Promise<string> {
    this.#base ??= this.session.endpoint(this.serviceType).then((url) => {
      const v = this.opts.versionPath;
      return v && !url.endsWith(v) ? `${url}${v}` : url;
    });
    this.#base.catch(() => {
      this.#base = null;
    });
    return this.#base;
  }

  /** The project the session's token is scoped to, null for an unscoped or system token. */
  async projectId(): Promise<string | null> {
    return (await this.session.token()).projectId;
  }

  async call(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<HttpResponse> {
    const url = `${await this.base()}${withQuery(path, opts.query)}`;
    const label = `${this.serviceType} ${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.session.token();
      const res = await this.http.request({
        method,
        url,
        label,
        headers: { ...this.opts.headers?.(), ...opts.headers, 'x-auth-token': token.value.reveal() },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        ...(opts.idempotent !== undefined ? { idempotent: opts.idempotent } : {}),
      });
      // A 401 means the request was not acted on: resending it, even a create, is safe.
      if (res.status === 401 && attempt === 0) {
        this.session.invalidate(token);
        continue;
      }
      if ((res.status >= 200 && res.status < 300) || opts.accept?.includes(res.status)) return res;
      throw errorFromResponse(label, res);
    }
  }

  async json<T>(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<T> {
    return (await this.call(method, path, opts)).body as T;
  }
}
