import type { Hit, Reply } from './local-server.js';

/**
 * Answers POST /v3/auth/tokens like Keystone: a token in X-Subject-Token and a catalog
 * pointing every service at `base` (paths /compute/v2.1, /image, /network, /placement),
 * with `internal` endpoints on /internal/... and a second region R2 on /r2/....
 */
export function keystoneReply(hit: Hit, base: string, n: number, opts: { lifetimeMs?: number; issuedAt?: number; roles?: string[] } = {}): Reply | null {
  if (!(hit.method === 'POST' && hit.path === '/v3/auth/tokens')) return null;
  const issued = opts.issuedAt ?? Date.now();
  const ep = (type: string, path: string) => ({
    type,
    endpoints: [
      { interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url: `${base}${path}` },
      { interface: 'internal', region: 'RegionOne', region_id: 'RegionOne', url: `${base}/internal${path}` },
      { interface: 'public', region: 'R2', region_id: 'R2', url: `${base}/r2${path}` },
    ],
  });
  return {
    status: 201,
    headers: { 'x-subject-token': `tok-${n}` },
    body: {
      token: {
        issued_at: new Date(issued).toISOString(),
        expires_at: new Date(issued + (opts.lifetimeMs ?? 3_600_000)).toISOString(),
        roles: (opts.roles ?? ['admin']).map((name) => ({ name })),
        project: { id: 'p1' },
        user: { id: 'u1' },
        catalog: [ep('compute', '/compute/v2.1'), ep('image', '/image'), ep('network', '/network'), ep('placement', '/placement')],
      },
    },
  };
}
