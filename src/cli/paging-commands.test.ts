/**
 * `drover leases` and `drover instances` read paged listings: by default they follow
 * `next` to the last page (users see everything, as before paging), `--limit N` stops
 * after N; `--json` prints one list in the shape it always had.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../store/store.js';
import { seedUser, SMALL } from '../api/testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../api/testing/test-api.js';
import { drover } from './testing.js';

// More than the API's largest page (1000), so reading them all takes two.
const LEASES = 1203;

describe('drover leases / instances over several pages', () => {
  let api: TestApi;
  let url: string;
  let dev: User;
  let user: string[];
  let admin: string[];
  let order: string[];

  /** GET requests the server answered for a route, from its own request counter. */
  async function served(route: string): Promise<number> {
    const metric = await api.registry.getSingleMetric('drover_http_requests_total')!.get();
    return metric.values.filter((v) => v.labels.route === route && v.labels.method === 'GET').reduce((n, v) => n + v.value, 0);
  }

  before(async () => {
    api = await startTestApi({ clock: { now: () => T0 } });
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    user = ['--url', url, '--token', api.userToken];
    admin = ['--url', url, '--token', api.adminToken];
    dev = (await api.store.getUserByName('dev'))!;
    const eve = await seedUser(api.store, 'eve', 'user', 'qa');
    for (let i = 0; i < LEASES + 40; i++) {
      const holder = i < LEASES ? dev.id : eve.user.id;
      const id = `l-${String((i * 7919) % (LEASES + 40)).padStart(4, '0')}`;
      const createdAt = T0 - 3_600_000 + Math.floor(i / 4);
      await api.store.createLease({
        id, userId: holder, project: 'qa', profile: 'small', cloud: 'sim', instanceId: null, state: 'provisioning', purpose: 'paging',
        importance: 1, fromPool: false, ...SMALL, createdAt, expiresAt: createdAt + 86_400_000, idempotencyKey: id,
      });
    }
    order = (await api.store.listLeases({ userId: dev.id })).map((l) => l.id);
    for (let i = 0; i < 25; i++) await api.store.insertInstance({ id: `i-${String(i).padStart(2, '0')}`, cloud: 'sim', profile: 'small', ...SMALL }, T0);
  });
  after(() => api.close());

  it('leases --json: every lease of every page, in order, as one list shaped as before', async () => {
    const before = await served('/v1/leases');
    const r = await drover(['leases', '--json', ...user]);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(body), ['leases'], 'no paging fields in the output');
    assert.deepEqual(body.leases.map((l: { id: string }) => l.id), order);
    assert.ok(body.leases.every((l: { user: string }) => l.user === 'dev'));
    assert.equal(await served('/v1/leases') - before, 2, 'two pages read');
    assert.equal(r.stderr, '');
  });

  it('leases: the table has every lease; --all adds the other user’s', async () => {
    const table = await drover(['leases', ...user], { now: T0 });
    assert.equal(table.code, 0, table.stderr);
    assert.equal(table.stdout.trimEnd().split('\n').length, LEASES + 1, 'a header and one row per lease');
    const all = await drover(['leases', '--all', '--json', ...admin]);
    assert.equal(JSON.parse(all.stdout).leases.length, LEASES + 40);
  });

  it('leases --limit N: the oldest N only, across pages when N is over a page, with a note on stderr', async () => {
    const few = await drover(['leases', '--limit', '30', '--json', ...user]);
    assert.equal(few.code, 0, few.stderr);
    assert.deepEqual(JSON.parse(few.stdout).leases.map((l: { id: string }) => l.id), order.slice(0, 30));
    assert.equal(few.stderr, 'only the oldest 30 leases shown (--limit); leave it out to see all\n');

    const many = await drover(['leases', '--limit', '1100', '--json', ...user]);
    assert.deepEqual(JSON.parse(many.stdout).leases.map((l: { id: string }) => l.id), order.slice(0, 1100));

    const enough = await drover(['leases', '--limit', String(LEASES), ...user], { now: T0 });
    assert.equal(enough.stderr, '', 'nothing was left out');
    assert.equal((await drover(['leases', '--limit', '0', ...user])).code, 1);
  });

  it('instances: every page; --limit the oldest N', async () => {
    const all = await drover(['instances', '--json', ...admin]);
    assert.equal(all.code, 0, all.stderr);
    const ids = Array.from({ length: 25 }, (_, i) => `i-${String(i).padStart(2, '0')}`);
    assert.deepEqual(Object.keys(JSON.parse(all.stdout)), ['instances'], 'no paging fields in the output');
    assert.deepEqual(JSON.parse(all.stdout).instances.map((i: { id: string }) => i.id), ids);
    const few = await drover(['instances', '--limit', '10', ...admin], { now: T0 });
    assert.equal(few.stdout.trimEnd().split('\n').length, 11);
    assert.match(few.stdout, /^i-09\s/m);
    assert.doesNotMatch(few.stdout, /^i-10\s/m);
    assert.match(few.stderr, /only the oldest 10 instances shown/);
  });
});
