/**
 * Paging of GET /v1/instances and GET /v1/events (GET /v1/leases: leases/lease-paging.test.ts):
 * every item once, in the listing's order, filters kept; `next` null on the last page;
 * bad paging input a 400 naming the field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor } from './paging.js';
import { bearer, seedProfile, seedReadyInstances, seedUser } from './testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from './testing/test-api.js';

/** Follows `next` from `path` (with its query); every page's items under `key`. */
async function walk(api: TestApi, path: string, key: string, token: string): Promise<Array<Array<{ id: string | number }>>> {
  const url = new URL(path, 'http://x');
  const pages = [];
  for (;;) {
    const res = await api.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: bearer(token) });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    pages.push(body[key]);
    if (body.next === null) return pages;
    assert.equal(typeof body.next, 'string');
    url.searchParams.set('after', body.next);
  }
}

test('GET /v1/instances pages through instances oldest first, with its filters, each once', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  const op = await seedUser(api.store, 'olga', 'operator', 'ops');
  await seedProfile(api.store, 'small');
  const ready = await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 23, T0);
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'lab' }, 9, T0);
  for (const i of ready.slice(0, 5)) await api.store.updateInstance(i.id, { state: 'deleted' }, T0);

  const pages = await walk(api, '/v1/instances?limit=10', 'instances', op.token);
  assert.deepEqual(pages.map((p) => p.length), [10, 10, 7]);
  const live = (await api.store.listInstances({ states: ['ready'] })).map((i) => i.id);
  assert.deepEqual(pages.flat().map((i) => i.id), live, 'deleted ones left out; the rest once each, in order');

  const sim = await walk(api, '/v1/instances?cloud=sim&limit=5', 'instances', op.token);
  assert.deepEqual(sim.flat().map((i) => i.id), ready.slice(5).map((i) => i.id));
  const deleted = await walk(api, '/v1/instances?state=deleted&limit=5', 'instances', op.token);
  assert.deepEqual(deleted.map((p) => p.map((i) => i.id)), [ready.slice(0, 5).map((i) => i.id)], 'exactly one full page: next is null');

  for (const [query, field] of [['limit=0', 'limit'], ['limit=5000', 'limit'], ['after=%2B%2B', 'after'], [`after=${encodeCursor('leases', [T0, 'x'])}`, 'after']]) {
    const res = await api.app.inject({ method: 'GET', url: `/v1/instances?${query}`, headers: bearer(op.token) });
    assert.equal(res.statusCode, 400, query);
    assert.equal(res.json().field, field, query);
  }
});

test('GET /v1/events pages back through the log, newest first; a user still sees only their own events', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  const eve = await seedUser(api.store, 'eve', 'user', 'qa');
  await seedProfile(api.store, 'small');
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 2, T0);
  const lease = async (token: string) =>
    (await api.app.inject({ method: 'POST', url: '/v1/leases', headers: { ...bearer(token), 'idempotency-key': 'k' }, payload: { profile: 'small' } })).json().leases[0];
  const mine = await lease(api.userToken);
  const theirs = await lease(eve.token);
  for (let i = 0; i < 12; i++) {
    await api.store.appendEvent({ at: T0, level: 'info', kind: 'lease', subject: i % 2 ? mine.id : theirs.id, reason: `R${i}`, message: 'm' });
  }
  const all = (await api.store.listEvents({ limit: 1000 })).map((e) => e.id);

  const pages = await walk(api, '/v1/events?limit=4', 'events', api.adminToken);
  assert.deepEqual(pages.flat().map((e) => e.id), all, 'every event once, newest first');
  assert.ok(pages.slice(0, -1).every((p) => p.length === 4));

  const own = (await walk(api, '/v1/events?limit=2', 'events', api.userToken)).flat().map((e) => e.id);
  const expected = (await api.store.listEvents({ subject: mine.id, limit: 1000 })).map((e) => e.id);
  assert.deepEqual(own, expected);
  // An operator's cursor changes only where the user's listing resumes, not whose events are in it.
  const adminCursor = encodeCursor('events', [all[3]!]);
  const resumed = (await walk(api, `/v1/events?limit=2&after=${adminCursor}`, 'events', api.userToken)).flat().map((e) => e.id);
  assert.deepEqual(resumed, expected.filter((id) => id < all[3]!));

  const bad = await api.app.inject({ method: 'GET', url: `/v1/events?after=${encodeCursor('events', ['x'])}`, headers: bearer(api.adminToken) });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'after');
});
