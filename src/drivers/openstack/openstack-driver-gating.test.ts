import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { isDriverError } from '../../core/errors.js';
import type { OpenStackCloudConfig } from './cloud-config.js';
import { OpenStackDriver } from './openstack-driver.js';
import { Secret } from './secret.js';
import { keystoneReply } from './testing/fake-keystone.js';
import { startLocalServer, type Hit, type LocalServer, type Reply } from './testing/local-server.js';

/**
 * The driver against a stub Nova of a chosen maximum microversion on 127.0.0.1: which
 * requests it sends (and refuses to send) per version. The real Nova of the test bed
 * is 2.93 only; these cover older and newer clouds.
 */
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup) await c();
});

const SERVICE_ID = 'e81d66a4-ddd3-4aba-8a84-171d1cb4d339';

async function cloud(maxVersion: string, extra: (hit: Hit) => Reply | null = () => null, over: Partial<OpenStackCloudConfig> = {}) {
  let server: LocalServer | null = null;
  let n = 0;
  server = await startLocalServer((hit) => {
    const ks = keystoneReply(hit, server!.url, ++n);
    if (ks) return ks;
    if (hit.method === 'GET' && hit.path === '/compute/v2.1/') {
      return { status: 200, body: { version: { id: 'v2.1', status: 'CURRENT', version: maxVersion, min_version: '2.1' } } };
    }
    if (hit.method === 'GET' && hit.path.startsWith('/compute/v2.1/os-services')) {
      return { status: 200, body: { services: [{ id: SERVICE_ID, binary: 'nova-compute', host: 'fake-1', zone: 'nova', state: 'up', status: 'enabled', disabled_reason: null, forced_down: false, updated_at: null }] } };
    }
    return extra(hit) ?? { status: 200, body: {} };
  });
  const config: OpenStackCloudConfig = {
    name: 'stub', sourceFile: null, secureFile: null, regionName: null, interface: 'public', serviceInterfaces: {},
    endpointOverrides: {}, apiVersions: {}, verify: true, cacert: null, cert: null, key: null, identityApiVersion: '3', apiTimeoutMs: null,
    auth: { type: 'password', authUrl: `${server.url}/v3`, username: 'admin', userDomainId: 'default', password: new Secret('pw'), scope: { kind: 'project', projectId: 'p1' } },
    ...over,
  };
  const driver = new OpenStackDriver(config, { retry: { maxAttempts: 1 } });
  cleanup.push(() => driver.close(), () => server!.close());
  const sent = (method: string) => server!.hits.filter((h) => h.method === method && h.path.startsWith('/compute/'));
  return { driver, server, sent };
}

const spec = { name: 'x', flavorId: 'f', imageId: 'i', metadata: {} };

describe('microversion gates', () => {
  test('below 2.11 force-down is unsupported and nothing is sent', async () => {
    const c = await cloud('2.10');
    await assert.rejects(c.driver.setServiceForcedDown('fake-1', true), (e: unknown) =>
      isDriverError(e, 'unsupported') && /forcing a compute service down needs compute microversion 2\.11; this cloud offers at most 2\.10/.test(e.message));
    assert.equal(c.sent('PUT').length, 0);
  });

  test('below 2.37 networks "none" and "auto" are unsupported and no server is created', async () => {
    const c = await cloud('2.36');
    for (const networks of ['none', 'auto'] as const) {
      await assert.rejects(c.driver.createServer({ ...spec, networks }), (e: unknown) => isDriverError(e, 'unsupported') && e.message.includes('2.37'));
    }
    assert.equal(c.sent('POST').length, 0);
  });

  test('2.11-2.52 force down with PUT /os-services/force-down, naming host and binary', async () => {
    const c = await cloud('2.52');
    await c.driver.setServiceForcedDown('fake-1', true);
    const [put] = c.sent('PUT');
    assert.equal(put?.path, '/compute/v2.1/os-services/force-down');
    assert.deepEqual(put?.body, { host: 'fake-1', binary: 'nova-compute', forced_down: true });
    assert.equal(put?.headers['openstack-api-version'], 'compute 2.52');
  });

  test('2.53+ force down and disable with PUT /os-services/{uuid}', async () => {
    const c = await cloud('2.53');
    await c.driver.setServiceForcedDown('fake-1', false);
    await c.driver.setServiceEnabled('fake-1', false, 'maintenance');
    const puts = c.sent('PUT');
    assert.deepEqual(puts.map((p) => [p.path, p.body]), [
      [`/compute/v2.1/os-services/${SERVICE_ID}`, { forced_down: false }],
      [`/compute/v2.1/os-services/${SERVICE_ID}`, { status: 'disabled', disabled_reason: 'maintenance' }],
    ]);
  });

  test('a newer cloud is spoken to at 2.93; clouds.yaml compute_api_version caps lower', async () => {
    assert.equal(await (await cloud('2.100')).driver.computeMicroversion(), '2.93');
    assert.equal(await (await cloud('2.93', () => null, { apiVersions: { compute: '2.60' } })).driver.computeMicroversion(), '2.60');
  });

  test('create sends user data as base64, networks, groups and the host (2.74)', async () => {
    const c = await cloud('2.93', (hit) => (hit.method === 'POST' ? { status: 202, body: { server: { id: 'new-id', links: [] } } } : null));
    const s = await c.driver.createServer({ ...spec, networks: ['net-1'], userData: '#cloud-config\n', adminPass: 'pw', securityGroups: ['default'], keyName: 'k', host: 'fake-2', serverGroupId: 'g1', metadata: { 'drover:instance': 'i-1' } });
    assert.equal(s.id, 'new-id');
    assert.equal(s.status, 'BUILD');
    assert.deepEqual(c.sent('POST')[0]?.body, {
      server: { name: 'x', imageRef: 'i', flavorRef: 'f', metadata: { 'drover:instance': 'i-1' }, networks: [{ uuid: 'net-1' }], key_name: 'k', user_data: Buffer.from('#cloud-config\n').toString('base64'), adminPass: 'pw', security_groups: [{ name: 'default' }], host: 'fake-2' },
      'os:scheduler_hints': { group: 'g1' },
    });
  });

  test('a failed changePassword does not repeat the password in its error', async () => {
    const c = await cloud('2.93', (hit) => (hit.method === 'POST' ? { status: 409, body: { conflictingRequest: { code: 409, message: 'Cannot change password while building' } } } : null));
    await assert.rejects(c.driver.changePassword('s1', 'hunter2-secret'), (e: unknown) =>
      isDriverError(e, 'conflict') && e.message === 'compute POST /servers/s1/action: 409 Cannot change password while building');
  });

  test('servers/detail is paged by marker; flavors embedded by name (2.47+) map back to ids', async () => {
    const page = (ids: string[], next: string | null) => ({
      servers: ids.map((id) => ({ id, name: id, status: 'ACTIVE', created: '2024-01-01T00:00:00Z', updated: '2024-01-01T00:00:01Z', flavor: { original_name: 'm1.nano', vcpus: 1 }, image: '', metadata: { k: id } })),
      ...(next ? { servers_links: [{ rel: 'next', href: `http://elsewhere/v2.1/servers/detail?limit=2&marker=${next}` }] } : {}),
    });
    const c = await cloud('2.93', (hit) => {
      if (hit.path.startsWith('/compute/v2.1/flavors/detail')) return { status: 200, body: { flavors: [{ id: 'fid-nano', name: 'm1.nano', vcpus: 1, ram: 128, disk: 1 }] } };
      if (!hit.path.startsWith('/compute/v2.1/servers/detail')) return null;
      const marker = new URL(hit.path, 'http://x').searchParams.get('marker');
      return { status: 200, body: marker === null ? page(['a', 'b'], 'b') : marker === 'b' ? page(['c', 'd'], 'd') : page([], null) };
    });
    const driver = new OpenStackDriver((c.driver as OpenStackDriver).config, { pageSize: 2 });
    cleanup.push(() => driver.close());
    const { servers } = await driver.listServers({ metadata: { k: 'c' } });
    assert.deepEqual(servers.map((s) => [s.id, s.flavorId, s.imageId]), [['c', 'fid-nano', null]]);
    const pages = c.server.hits.filter((h) => h.path.startsWith('/compute/v2.1/servers/detail')).map((h) => new URL(h.path, 'http://x').searchParams);
    assert.deepEqual(pages.map((q) => q.get('marker')), [null, 'b', 'd']);
    assert.ok(pages.every((q) => q.get('limit') === '2' && q.get('all_tenants') === '1'), 'admin lists every project, 2 a page');
  });
});
