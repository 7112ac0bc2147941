/**
 * GET /v1/leases a page at a time: every lease once, in order, across pages; the cursor
 * never shows a user anyone else's lease; bad paging input is a 400 naming the field.
 */
import { before, after as afterAll, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LeaseRecord, User } from '../../store/store.js';
import { encodeCursor, positionCursor } from '../paging.js';
import { bearer, seedUser, SMALL } from '../testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../testing/test-api.js';

interface Page {
  leases: Array<{ id: string; user: string; instance: { id: string; password: string | null } | null }>;
  next: string | null;
}

describe('GET /v1/leases pages', () => {
  let api: TestApi;
  let dev: User;
  let eve: { user: User; token: string };
  const devLeases: string[] = [];

  before(async () => {
    api = await startTestApi({ clock: { now: () => T0 } });
    dev = (await api.store.getUserByName('dev'))!;
    eve = await seedUser(api.store, 'eve', 'user', 'qa');
    // 250 live leases of dev and 100 of eve, interleaved, several per millisecond, ids not
    // in creation order; every other one of dev's holds a VM; and a released one of dev's.
    for (let i = 0; i < 350; i++) {
      const holder = i % 7 < 5 ? dev.id : eve.user.id;
      const id = `l-${String((i * 113) % 350).padStart(3, '0')}`;
      const vm = i % 2 === 0 ? `i-${id}` : null;
      const createdAt = T0 + Math.floor(i / 3);
      await api.store.createLease({
        id, userId: holder, project: 'qa', profile: 'small', cloud: 'sim', instanceId: vm, state: 'active', purpose: 't',
        importance: 1, fromPool: true, ...SMALL, createdAt, expiresAt: createdAt + 86_400_000, idempotencyKey: id, activeAt: createdAt,
      });
      if (vm) {
        await api.store.insertInstance({ id: vm, cloud: 'sim', profile: 'small', ...SMALL, leaseId: id }, createdAt);
        await api.store.updateInstance(vm, { state: 'leased', password: `pw-${vm}` }, createdAt);
      }
      if (holder === dev.id) devLeases.push(id);
    }
    assert.equal(devLeases.length, 250);
    await api.store.createLease({
      id: 'l-gone', userId: dev.id, project: 'qa', profile: 'small', cloud: 'sim', instanceId: null, state: 'released', purpose: 't',
      importance: 1, fromPool: true, ...SMALL, createdAt: T0, expiresAt: T0 + 1, idempotencyKey: 'gone',
    });
  });
  afterAll(() => api.close());

  const get = async (query: string, token = api.userToken) => api.app.inject({ method: 'GET', url: `/v1/leases${query}`, headers: bearer(token) });
  const page = async (query: string, token?: string): Promise<Page> => {
    const res = await get(query, token);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  /** Follows `next` from `query` (which may start `after` a cursor); every page. */
  const walk = async (query: string, token?: string): Promise<Page[]> => {
    const pages = [await page(query, token)];
    const params = new URLSearchParams(query);
    while (pages.at(-1)!.next !== null) {
      params.set('after', pages.at(-1)!.next!);
      pages.push(await page(`?${params}`, token));
    }
    return pages;
  };

  it('walks 250 leases 100 at a time: each once, oldest first, with their VMs, next null on the last page', async () => {
    const pages = await walk('?limit=100');
    assert.deepEqual(pages.map((p) => p.leases.length), [100, 100, 50]);
    assert.equal(pages[2]!.next, null);
    const ids = pages.flatMap((p) => p.leases.map((l) => l.id));
    const order = (await api.store.listLeases({ userId: dev.id, states: ['active'] })).map((l) => l.id);
    assert.deepEqual(ids, order, 'the store order (createdAt, id), every lease exactly once');
    assert.deepEqual([...ids].sort(), [...devLeases].sort());
    for (const l of pages.flatMap((p) => p.leases)) {
      assert.equal(l.user, 'dev');
      // The VMs are read for the page's leases: each lease with one shows it, password and all.
      if (l.instance) assert.equal(l.instance.password, `pw-${l.instance.id}`);
    }
    assert.equal(pages.flatMap((p) => p.leases).filter((l) => l.instance).length, (await api.store.listLeases({ userId: dev.id, states: ['active'] })).filter((l) => l.instanceId).length);
  });

  it('defaults to 100 a page, and keeps the filters while paging', async () => {
    const first = await page('');
    assert.equal(first.leases.length, 100);
    assert.notEqual(first.next, null);
    // state=all adds the released lease, on the page where its (createdAt, id) puts it.
    const all = (await walk('?state=all&limit=40')).flatMap((p) => p.leases.map((l) => l.id));
    assert.deepEqual(all, (await api.store.listLeases({ userId: dev.id })).map((l) => l.id));
    assert.ok(all.includes('l-gone'));
    const released = await walk('?state=released&limit=1');
    assert.deepEqual(released.map((p) => p.leases.map((l) => l.id)), [['l-gone']]);
  });

  it("never yields another user's lease, whatever cursor the user sends", async () => {
    // An operator's cursor over everyone's leases, stopped at one of eve's.
    const everyone = await walk('?all=true&limit=7', api.adminToken);
    assert.equal(everyone.flatMap((p) => p.leases).length, 350, 'operators see all');
    const atEve = everyone.find((p) => p.leases.at(-1)!.user === 'eve' && p.next !== null)!;
    const eves: LeaseRecord[] = await api.store.listLeases({ userId: eve.user.id });
    const cursors = [atEve.next!, positionCursor('leases', eves[10]!), positionCursor('leases', { createdAt: 0, id: '' })];
    for (const cursor of cursors) {
      const seen = (await walk(`?limit=100&after=${cursor}`)).flatMap((p) => p.leases);
      assert.ok(seen.length > 0);
      assert.ok(seen.every((l) => l.user === 'dev' && devLeases.includes(l.id)), 'only dev’s own leases');
    }
    // And eve, with a cursor taken from dev's listing, sees her own leases only.
    const devCursor = (await page('?limit=3')).next!;
    const hers = (await walk(`?limit=50&after=${devCursor}`, eve.token)).flatMap((p) => p.leases);
    assert.ok(hers.length > 0 && hers.every((l) => l.user === 'eve'));
  });

  it('refuses a bad limit or after with 400 naming the field', async () => {
    for (const limit of ['0', '1001', '-1', '1.5', 'ten', '', '0100']) {
      const res = await get(`?limit=${limit}`);
      assert.equal(res.statusCode, 400, `limit=${limit}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().field, 'limit', `limit=${limit}`);
    }
    const foreign = [
      'not+base64', // not base64url at all
      Buffer.from('{"no":"array"}').toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      encodeCursor('instances', [T0, 'i-1']), // another listing's cursor
      encodeCursor('leases', ['soon', 'l-1']),
      encodeCursor('leases', [T0]),
      '',
    ];
    for (const after of foreign) {
      const res = await get(`?after=${encodeURIComponent(after)}`);
      assert.equal(res.statusCode, 400, `after=${after}`);
      assert.equal(res.json().field, 'after', `after=${after}`);
    }
  });
});
