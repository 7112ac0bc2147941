import { DriverError } from '../../core/errors.js';
import type { OpenStackAuth, OpenStackCloudConfig, OpenStackScope } from './cloud-config.js';
import { errorFromResponse } from './errors.js';
import type { HttpClient } from './http.js';
import { Secret } from './secret.js';

export interface CatalogEndpoint {
  interface: string;
  region: string | null;
  region_id?: string | null;
  url: string;
}

export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

export interface Token {
  value: Secret;
  /** ms since the epoch. */
  expiresAt: number;
  issuedAt: number;
  catalog: CatalogService[];
  roles: string[];
  projectId: string | null;
  userId: string | null;
}

/** Service types and the older names clouds still register them under. */
const SERVICE_ALIASES: Record<string, string[]> = {
  'block-storage': ['block-storage', 'volumev3', 'volumev2', 'volume'],
  compute: ['compute'],
  image: ['image'],
  network: ['network'],
  placement: ['placement'],
  identity: ['identity'],
};

/**
 * Keystone v3 password or application-credential authentication with a token cache.
 * The token is renewed `refreshBeforeMs` before it expires (at most halfway through its
 * life), one renewal at a time however many callers wait; a service's 401 invalidates
 * it. Service endpoints come from the token's catalog (type, interface, region), unless
 * clouds.yaml overrides them.
 */
export class KeystoneSession {
  #token: Token | null = null;
  #pending: Promise<Token> | null = null;
  #identityUrl: string | null = null;

  constructor(
    private readonly config: OpenStackCloudConfig,
    private readonly http: HttpClient,
    private readonly now: () => number,
    private readonly refreshBeforeMs = 300_000,
  ) {}

  async token(): Promise<Token> {
    const t = this.#token;
    if (t) {
      const margin = Math.min(this.refreshBeforeMs, (t.expiresAt - t.issuedAt) / 2);
      if (this.now() < t.expiresAt - margin) return t;
    }
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** Drops the cached token if it is still `stale` (another caller may have renewed it). */
  invalidate(stale: Token): void {
    if (this.#token === stale) this.#token = null;
  }

  async isAdmin(): Promise<boolean> {
    return (await this.token()).roles.includes('admin');
  }

  /** Base URL of a service: `<type>_endpoint_override`, else the catalog's. */
  async endpoint(serviceType: string): Promise<string> {
    const names = SERVICE_ALIASES[serviceType] ?? [serviceType];
    const token = await this.token();
    const override = names.map((n) => this.config.endpointOverrides[n.replace(/-/g, '_')]).find(Boolean);
    if (override) return substituteProject(override, token.projectId);
    const iface = names.map((n) => this.config.serviceInterfaces[n.replace(/-/g, '_')]).find(Boolean) ?? this.config.interface;
    const region = this.config.regionName;
    for (const name of names) {
      for (const svc of token.catalog.filter((s) => s.type === name)) {
        const ep = svc.endpoints.find(
          (e) => e.interface === iface && (!region || e.region_id === region || e.region === region),
        );
        if (ep) return ep.url.replace(/\/+$/, '');
      }
    }
    const have = token.catalog.map((s) => s.type).join(', ') || 'an empty catalog';
    throw new DriverError(
      'fatal',
      `cloud ${this.config.name}: no ${serviceType} endpoint with interface ${iface}${region ? ` in region ${region}` : ''} (catalog has ${have})`,
    );
  }

  async #authenticate(): Promise<Token> {
    const base = await this.#identity();
    const res = await this.http.request({
      method: 'POST',
      url: `${base}/auth/tokens`,
      body: authBody(this.config.auth),
      idempotent: true, // issuing a token twice is harmless
      label: `identity POST /auth/tokens (cloud ${this.config.name})`,
    });
    if (res.status !== 201 && res.status !== 200) throw errorFromResponse(`identity POST /auth/tokens (cloud ${this.config.name})`, res);
    const subject = res.headers['x-subject-token'];
    const body = res.body as { token?: Record<string, unknown> } | null;
    const t = body?.token;
    if (!subject || !t) throw new DriverError('fatal', `identity POST /auth/tokens: the response has no token`);
    const token: Token = {
      value: new Secret(subject),
      expiresAt: Date.parse(String(t.expires_at)),
      issuedAt: Date.parse(String(t.issued_at ?? '')) || this.now(),
      catalog: (t.catalog as CatalogService[] | undefined) ?? [],
      roles: ((t.roles as { name: string }[] | undefined) ?? []).map((r) => r.name),
      projectId: (t.project as { id?: string } | undefined)?.id ?? null,
      userId: (t.user as { id?: string } | undefined)?.id ?? null,
    };
    // Judge expiry by our clock: shift by the skew between the cloud's issue time and ours.
    const skew = this.now() - token.issuedAt;
    if (Number.isFinite(skew) && Math.abs(skew) > 5_000) {
      token.expiresAt += skew;
      token.issuedAt += skew;
    }
    this.#token = token;
    return token;
  }

  /**
   * The v3 root of the identity service. auth_url may name it (".../v3") or the
   * unversioned root, whose version document (300 Multiple Choices) gives the v3 link.
   */
  async #identity(): Promise<string> {
    if (this.#identityUrl) return this.#identityUrl;
    const url = this.config.auth.authUrl.replace(/\/+$/, '');
    if (/\/v3(\.\d+)?$/.test(url)) return (this.#identityUrl = url);
    let found: string | null = null;
    try {
      const res = await this.http.request({ method: 'GET', url, label: `identity GET ${url}` });
      const values = (res.body as { versions?: { values?: { id: string; links?: { rel: string; href: string }[] }[] } } | null)?.versions?.values;
      const v3 = values?.find((v) => v.id.startsWith('v3'));
      found = v3?.links?.find((l) => l.rel === 'self')?.href.replace(/\/+$/, '') ?? null;
    } catch {
      // Unreachable discovery: fall back to the conventional path; the auth call reports.
    }
    return (this.#identityUrl = found ?? `${url}/v3`);
  }
}

function substituteProject(url: string, projectId: string | null): string {
  return url.replace(/[%$]\((project_id|tenant_id)\)s/g, projectId ?? '').replace(/\/+$/, '');
}

function domain(id?: string, name?: string): { domain: { id: string } | { name: string } } | Record<string, never> {
  if (id) return { domain: { id } };
  if (name) return { domain: { name } };
  return {};
}

function user(a: { userId?: string; username?: string; userDomainId?: string; userDomainName?: string }) {
  return a.userId ? { id: a.userId } : { name: a.username, ...domain(a.userDomainId, a.userDomainName) };
}

function scopeBody(s: OpenStackScope): Record<string, unknown> | undefined {
  switch (s.kind) {
    case 'project':
      return { project: s.projectId ? { id: s.projectId } : { name: s.projectName, ...domain(s.projectDomainId, s.projectDomainName) } };
    case 'domain':
      return { domain: s.domainId ? { id: s.domainId } : { name: s.domainName } };
    case 'system':
      return { system: { all: true } };
    case 'unscoped':
      return undefined;
  }
}

/** The POST /v3/auth/tokens body. It holds the secret: never log it. */
export function authBody(a: OpenStackAuth): unknown {
  if (a.type === 'password') {
    const scope = scopeBody(a.scope);
    return {
      auth: {
        identity: { methods: ['password'], password: { user: { ...user(a), password: a.password.reveal() } } },
        ...(scope ? { scope } : {}),
      },
    };
  }
  const cred = a.id
    ? { id: a.id, secret: a.secret.reveal() }
    : { name: a.name, secret: a.secret.reveal(), user: user(a) };
  return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
}
