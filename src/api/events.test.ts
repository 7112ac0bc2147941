import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances, seedUser } from './testing/leasing-seed.js';
import { startTestApi, T0 } from './testing/test-api.js';

test('operators read every event; users only those of their own leases and VMs', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  await seedProfile(api.store, 'small');
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 2, T0);
  const eve = await seedUser(api.store, 'eve', 'user', 'qa');
  const request = async (token: string) =>
    (await api.app.inject({ method: 'POST', url: '/v1/leases', headers: { ...bearer(token), 'idempotency-key': 'k' }, payload: { profile: 'small' } })).json().leases[0];
  const mine = await request(api.userToken);
  const theirs = await request(eve.token);
  await api.store.appendEvent({ at: T0, level: 'warning', kind: 'instance', subject: mine.instance.id, reason: 'Rebooted', message: 'soft reboot' });
  await api.store.appendEvent({ at: T0, level: 'info', kind: 'host', subject: 'sim/az1-h01', reason: 'ServiceDown', message: 'x' });
  const events = async (query: string, token = api.userToken) =>
    (await api.app.inject({ method: 'GET', url: `/v1/events${query}`, headers: bearer(token) })).json().events as Array<{ subject: string; reason: string; kind: string }>;

  const own = await events('');
  assert.deepEqual(own.map((e) => [e.subject, e.reason]), [[mine.instance.id, 'Rebooted'], [mine.id, 'Claimed']]);
  assert.deepEqual(await events(`?subject=${theirs.id}`), [], "another user's lease: nothing, not an error");
  assert.deepEqual(await events('?subject=sim/az1-h01'), []);
  assert.deepEqual((await events('?kind=instance')).map((e) => e.reason), ['Rebooted']);
  assert.equal((await events('?limit=1')).length, 1);

  const all = await events('', api.adminToken);
  assert.deepEqual(all.map((e) => e.reason), ['ServiceDown', 'Rebooted', 'Claimed', 'Claimed']);
  assert.deepEqual((await events('?kind=host&limit=5', api.adminToken)).map((e) => e.subject), ['sim/az1-h01']);
  const bad = await api.app.inject({ method: 'GET', url: '/v1/events?limit=0', headers: bearer(api.adminToken) });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'limit');
});
