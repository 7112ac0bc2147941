import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances, seedUser } from './testing/leasing-seed.js';
import { startTestApi, T0 } from './testing/test-api.js';

test('operators list instances (deleted ones only on request) and see one; its holder sees it; others get 404', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  await seedProfile(api.store, 'small');
  const [a, b, c] = await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 3, T0);
  await api.store.updateInstance(c!.id, { state: 'deleted' }, T0);
  const op = await seedUser(api.store, 'olga', 'operator', 'ops');
  const eve = await seedUser(api.store, 'eve', 'user', 'qa');
  const get = (url: string, token: string) => api.app.inject({ method: 'GET', url, headers: bearer(token) });

  const list = await get('/v1/instances', op.token);
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json().instances.map((i: { id: string }) => i.id), [a!.id, b!.id]);
  assert.equal(list.json().instances[0].password, undefined, 'never the password');
  assert.deepEqual((await get('/v1/instances?state=deleted', op.token)).json().instances.map((i: { id: string }) => i.id), [c!.id]);
  assert.equal((await get('/v1/instances?state=gone', op.token)).json().field, 'state');
  assert.equal((await get('/v1/instances', api.userToken)).statusCode, 403);

  const lease = await api.app.inject({
    method: 'POST',
    url: '/v1/leases',
    headers: { ...bearer(api.userToken), 'idempotency-key': 'k' },
    payload: { profile: 'small' },
  });
  const held = lease.json().leases[0].instance.id;
  const mine = await get(`/v1/instances/${held}`, api.userToken);
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.json().state, 'leased');
  assert.equal(mine.json().leaseId, lease.json().leases[0].id);
  assert.equal((await get(`/v1/instances/${held}`, eve.token)).statusCode, 404);
  const other = held === a!.id ? b!.id : a!.id;
  assert.equal((await get(`/v1/instances/${other}`, api.userToken)).statusCode, 404, 'a pooled VM is not a user\'s');
  assert.equal((await get(`/v1/instances/${other}`, op.token)).statusCode, 200);
  assert.equal((await get('/v1/instances/i-nope', op.token)).statusCode, 404);
});
