import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances } from './testing/leasing-seed.js';
import { startTestApi, T0 } from './testing/test-api.js';

test('an admin adds a user and a token; the token works at once and its secret never reaches the log', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  const admin = bearer(api.adminToken);
  const added = await api.app.inject({ method: 'POST', url: '/v1/users', headers: admin, payload: { name: 'bob', role: 'operator', project: 'ops', email: 'bob@example.com' } });
  assert.equal(added.statusCode, 201, added.body);
  assert.deepEqual({ ...(added.json() as object), id: 'x' }, { id: 'x', name: 'bob', role: 'operator', project: 'ops', email: 'bob@example.com', createdAt: new Date(T0).toISOString() });
  const dup = await api.app.inject({ method: 'POST', url: '/v1/users', headers: admin, payload: { name: 'bob', role: 'user', project: 'x' } });
  assert.equal(dup.statusCode, 409);

  const token = await api.app.inject({ method: 'POST', url: '/v1/users/bob/tokens', headers: admin, payload: { label: 'laptop' } });
  assert.equal(token.statusCode, 201, token.body);
  const { secret, user, label } = token.json();
  assert.deepEqual([user, label], ['bob', 'laptop']);
  assert.match(secret, /^drv_/);
  const me = await api.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(secret) });
  assert.equal(me.json().user.name, 'bob');
  assert.ok(!api.logs.some((l) => l.includes(secret)), 'the secret is not logged');

  const noBody = await api.app.inject({ method: 'POST', url: '/v1/users/bob/tokens', headers: admin });
  assert.equal(noBody.statusCode, 201, noBody.body);
  assert.equal((await api.app.inject({ method: 'POST', url: '/v1/users/nobody/tokens', headers: admin })).statusCode, 404);
  const users = await api.app.inject({ method: 'GET', url: '/v1/users', headers: admin });
  assert.deepEqual(users.json().users.map((u: { name: string }) => u.name), ['admin', 'bob', 'dev']);
});

test('users are refused user management (403) and bad user input is named', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const user = bearer(api.userToken);
  assert.equal((await api.app.inject({ method: 'GET', url: '/v1/users', headers: user })).statusCode, 403);
  assert.equal((await api.app.inject({ method: 'POST', url: '/v1/users/dev/tokens', headers: user })).statusCode, 403);
  const post = (payload: object) => api.app.inject({ method: 'POST', url: '/v1/users', headers: bearer(api.adminToken), payload });
  assert.equal((await post({ name: 'x', role: 'root', project: 'p' })).json().field, 'role');
  assert.equal((await post({ name: 'x', role: 'user' })).json().field, 'project');
  assert.equal((await post({ name: 'x', role: 'user', project: 'p', admin: true })).json().field, 'admin');
});

test('GET /v1/me shows the caller, their usage and their quotas', async (t) => {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  await seedProfile(api.store, 'small');
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0);
  await api.app.inject({ method: 'PUT', url: '/v1/quotas/user/dev', headers: bearer(api.adminToken), payload: { instances: 3 } });
  await api.app.inject({ method: 'POST', url: '/v1/leases', headers: { ...bearer(api.userToken), 'idempotency-key': 'k' }, payload: { profile: 'small' } });
  const me = await api.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(api.userToken) });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().user.name, 'dev');
  assert.deepEqual(me.json().usage, { user: { instances: 1, vcpus: 2, ramMb: 4096 }, project: { instances: 1, vcpus: 2, ramMb: 4096 } });
  assert.deepEqual(me.json().quota, {
    user: { instances: 3, vcpus: null, ramMb: null },
    project: { instances: null, vcpus: null, ramMb: null },
  });
});
