import { CliError } from './cli-error.js';

/** How long one API call may take before the CLI gives up. */
const TIMEOUT_MS = 30_000;

/** Describes what the network layer says, in words a user understands. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/**
 * A thin client of Drover's REST API. Every failure becomes a CliError whose message
 * is one line: unreachable server, refused token, or the problem's own detail.
 */
export class DroverClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }

  async post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.request<T>('POST', path, body, headers)).body;
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('PUT', path, body)).body;
  }

  async delete<T>(path: string): Promise<T> {
    return (await this.request<T>('DELETE', path)).body;
  }

  /** One call; the status is returned for callers that tell 201 from 202. */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw this.unreachable(e);
    }
    const text = await res.text();
    if (res.ok) {
      if (res.status === 204 || text === '') return { status: res.status, body: undefined as T };
      try {
        return { status: res.status, body: JSON.parse(text) as T };
      } catch {
        throw new CliError(`Drover at ${this.baseUrl} sent a response that is not JSON (is that URL really Drover?)`);
      }
    }
    throw this.failure(res, text);
  }

  private unreachable(e: unknown): CliError {
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      return new CliError(`cannot reach Drover at ${this.baseUrl}: no answer within ${TIMEOUT_MS / 1000}s`);
    }
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? '';
    const reason = NETWORK_REASONS[code] ?? cause?.message ?? (e as Error).message;
    const hint = code === 'ECONNREFUSED' ? ' — is `drover up` running?' : '';
    return new CliError(`cannot reach Drover at ${this.baseUrl}: ${reason}${hint}`);
  }

  private failure(res: Response, text: string): CliError {
    const detail = problemDetail(res, text);
    if (res.status === 401) {
      return new CliError(`the token was refused by ${this.baseUrl}: ${detail ?? res.statusText}`);
    }
    return new CliError(detail ?? `Drover at ${this.baseUrl} answered ${res.status} ${res.statusText}`);
  }
}

/** The problem's detail, or null when the body is not a problem (e.g. a proxy's HTML page). */
function problemDetail(res: Response, text: string): string | null {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return null;
  try {
    const body = JSON.parse(text) as { detail?: unknown };
    // One line, whatever the server sent.
    return typeof body.detail === 'string' && body.detail !== '' ? body.detail.replace(/\s+/g, ' ') : null;
  } catch {
    return null;
  }
}
