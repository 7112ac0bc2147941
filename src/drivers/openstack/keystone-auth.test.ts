import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { isDriverError } from '../../core/errors.js';
import type { OpenStackCloudConfig } from './cloud-config.js';
import { HttpClient } from './http.js';
import { KeystoneSession } from './keystone-auth.js';
import { Secret } from './secret.js';
import { ServiceClient } from './service-client.js';
import { keystoneReply } from './testing/fake-keystone.js';
import { startLocalServer, type LocalServer } from './testing/local-server.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup) await c();
});

function config(url: string, over: Partial<OpenStackCloudConfig> = {}): OpenStackCloudConfig {
  return {
    name: 'unit', sourceFile: null, secureFile: null, regionName: 'RegionOne', interface: 'public',
    serviceInterfaces: {}, endpointOverrides: {}, apiVersions: {}, verify: true, cacert: null, cert: null, key: null,
    identityApiVersion: '3', apiTimeoutMs: null,
    auth: { type: 'password', authUrl: `${url}/v3`, username: 'admin', userDomainName: 'Default', password: new Secret('pw-123'), scope: { kind: 'project', projectName: 'admin', projectDomainName: 'Default' } },
    ...over,
  };
}

async function bed(service: (path: string, token: string) => { status: number; body: unknown } = () => ({ status: 200, body: { ok: true } }), lifetimeMs?: number) {
  let auths = 0;
  let server: LocalServer | null = null;
  server = await startLocalServer((hit) => {
    const ks = keystoneReply(hit, server!.url, auths + 1, lifetimeMs ? { lifetimeMs } : {});
    if (ks) {
      auths++;
      return ks;
    }
    if (hit.method === 'GET' && hit.path === '/') {
      return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${server!.url}/v3/` }] }] } } };
    }
    return service(hit.path, String(hit.headers['x-auth-token']));
  });
  const http = new HttpClient({ sleep: async () => {} });
  cleanup.push(() => server!.close(), () => http.close());
  return { server, http, auths: () => auths };
}

describe('keystone session', () => {
  test('authenticates once for many concurrent calls, with the v3 password body', async () => {
    const b = await bed();
    const s = new KeystoneSession(config(b.server.url), b.http, Date.now);
    const tokens = await Promise.all([s.token(), s.token(), s.token()]);
    assert.equal(b.auths(), 1);
    assert.ok(tokens.every((t) => t === tokens[0]));
    assert.equal(tokens[0]!.value.reveal(), 'tok-1');
    assert.deepEqual(b.server.hits[0]!.body, {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'pw-123' } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    });
    assert.equal(await s.isAdmin(), true);
  });

  test('renews the token before it expires, not after', async () => {
    const b = await bed();
    let now = Date.now();
    const s = new KeystoneSession(config(b.server.url), b.http, () => now, 300_000);
    await s.token();
    now += 54 * 60_000;
    assert.equal((await s.token()).value.reveal(), 'tok-1');
    now += 2 * 60_000; // 4 min left: inside the 5 min margin
    assert.equal((await s.token()).value.reveal(), 'tok-2');
    assert.equal(b.auths(), 2);
  });

  test('a service 401 renews the token and resends once; a second 401 is an error', async () => {
    const b = await bed((path, token) => (path.endsWith('/ok') && token !== 'tok-1' ? { status: 200, body: { ok: 1 } } : { status: 401, body: { error: { code: 401, message: 'token expired' } } }));
    const s = new KeystoneSession(config(b.server.url), b.http, Date.now);
    const compute = new ServiceClient('compute', s, b.http);
    assert.deepEqual(await compute.json('GET', '/ok'), { ok: 1 });
    assert.equal(b.auths(), 2);
    await assert.rejects(compute.json('GET', '/never'), (e: unknown) => isDriverError(e, 'fatal') && /compute GET \/never: 401 authentication failed/.test(e.message));
  });

  test('endpoints by interface and region, and clouds.yaml overrides', async () => {
    const b = await bed();
    const u = b.server.url;
    assert.equal(await new KeystoneSession(config(u), b.http, Date.now).endpoint('compute'), `${u}/compute/v2.1`);
    assert.equal(await new KeystoneSession(config(u, { interface: 'internal' }), b.http, Date.now).endpoint('image'), `${u}/internal/image`);
    assert.equal(await new KeystoneSession(config(u, { serviceInterfaces: { network: 'internal' } }), b.http, Date.now).endpoint('network'), `${u}/internal/network`);
    assert.equal(await new KeystoneSession(config(u, { regionName: 'R2' }), b.http, Date.now).endpoint('placement'), `${u}/r2/placement`);
    const o = new KeystoneSession(config(u, { endpointOverrides: { compute: 'http://nova.example/v2.1/%(project_id)s' } }), b.http, Date.now);
    assert.equal(await o.endpoint('compute'), 'http://nova.example/v2.1/p1');
    await assert.rejects(new KeystoneSession(config(u, { regionName: 'R9' }), b.http, Date.now).endpoint('compute'), (e: unknown) =>
      isDriverError(e, 'fatal') && /no compute endpoint with interface public in region R9/.test(e.message));
  });

  test('an unversioned auth_url is resolved through the version document', async () => {
    const b = await bed();
    const c = config(b.server.url);
    c.auth.authUrl = b.server.url;
    await new KeystoneSession(c, b.http, Date.now).token();
    assert.deepEqual(b.server.hits.map((h) => `${h.method} ${h.path}`), ['GET /', 'POST /v3/auth/tokens']);
  });

  test('a refused password is a fatal error that does not repeat the password', async () => {
    const server = await startLocalServer(() => ({ status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } }));
    const http = new HttpClient({ sleep: async () => {} });
    cleanup.push(() => server.close(), () => http.close());
    await assert.rejects(new KeystoneSession(config(server.url), http, Date.now).token(), (e: unknown) =>
      isDriverError(e, 'fatal') && /authentication failed/.test(e.message) && !e.message.includes('pw-123'));
    assert.equal(server.hits.length, 1);
  });
});
