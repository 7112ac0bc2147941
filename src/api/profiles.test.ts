import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances, seedUser } from './testing/leasing-seed.js';
import { startTestApi, T0 } from './testing/test-api.js';

const SPEC = { purpose: 'Redis cluster tests', clouds: ['sim'], image: 'debian-12', flavor: 'm1.large', userData: '#cloud-config\n', pool: { policy: 'vmms', m: 6, n: 2 } };

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const api = await startTestApi({ clock: { now: () => T0 } });
  t.after(() => api.close());
  const op = await seedUser(api.store, 'olga', 'operator', 'ops');
  const req = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown) =>
    api.app.inject({ method, url, headers: bearer(token), ...(body !== undefined ? { payload: body as object } : {}) });
  return { api, op: op.token, req };
}

test('an operator creates, replaces and deletes a profile; GET shows what PUT accepts', async (t) => {
  const { api, op, req } = await setup(t);
  const created = await req('PUT', '/v1/profiles/redis', op, SPEC);
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().result, 'created');
  const shown = (await req('GET', '/v1/profiles/redis', op)).json();
  assert.equal(shown.name, 'redis');
  assert.equal(shown.defaultLease, '7d');
  assert.deepEqual(shown.pool, { policy: 'vmms', m: 6, n: 2, min: 1, options: {}, maxAge: '10d' });
  // The round trip: what GET shows, PUT takes back unchanged.
  const same = await req('PUT', '/v1/profiles/redis', op, shown);
  assert.equal(same.statusCode, 200);
  assert.equal(same.json().result, 'unchanged');
  const changed = await req('PUT', '/v1/profiles/redis', op, { ...SPEC, maxLease: '14d' });
  assert.equal(changed.json().result, 'updated');
  assert.equal((await api.store.getProfile('redis'))?.maxLeaseMs, 14 * 86_400_000);
  assert.deepEqual((await req('GET', '/v1/profiles', api.userToken)).json().profiles.map((p: { name: string }) => p.name), ['redis']);
  assert.equal((await req('DELETE', '/v1/profiles/redis', op)).statusCode, 204);
  assert.equal((await req('GET', '/v1/profiles/redis', op)).statusCode, 404);
  assert.equal((await req('DELETE', '/v1/profiles/redis', op)).statusCode, 404);
});

test('a bad profile is a 400 naming the field, and nothing is saved', async (t) => {
  const { api, op, req } = await setup(t);
  const cases: Array<[unknown, string, RegExp]> = [
    [{ ...SPEC, pool: { m: 2, n: 5 } }, 'pool.n', /pool\.n must be <= pool\.m \(2\)/],
    [{ ...SPEC, maxLease: 'forever' }, 'maxLease', /maxLease must be a duration/],
    [{ ...SPEC, colour: 'blue' }, 'colour', /unknown field colour/],
    [{ ...SPEC, image: undefined }, 'image', /image is required/],
    [{ ...SPEC, name: 'other' }, 'name', /the path names 'redis'/],
    [{ ...SPEC, pool: { policy: 'magic' } }, 'pool.policy', /pool\.policy must be one of/],
  ];
  for (const [body, field, detail] of cases) {
    const res = await req('PUT', '/v1/profiles/redis', op, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.equal(res.json().field, field);
    assert.match(res.json().detail, detail);
    assert.doesNotMatch(res.json().detail, /body\./);
  }
  const badName = await req('PUT', '/v1/profiles/Bad_Name', op, SPEC);
  assert.equal(badName.json().field, 'name');
  assert.deepEqual(await api.store.listProfiles(), []);
});

test('only operators write profiles; users read them without the user-data template', async (t) => {
  const { api, op, req } = await setup(t);
  assert.equal((await req('PUT', '/v1/profiles/redis', api.userToken, SPEC)).statusCode, 403);
  await req('PUT', '/v1/profiles/redis', op, SPEC);
  assert.equal((await req('DELETE', '/v1/profiles/redis', api.userToken)).statusCode, 403);
  assert.equal((await req('GET', '/v1/profiles/redis', api.userToken)).json().userData, null);
  assert.equal((await req('GET', '/v1/profiles/redis', op)).json().userData, '#cloud-config\n');
});

test('a profile with live leases cannot be deleted (409)', async (t) => {
  const { api, op, req } = await setup(t);
  await seedProfile(api.store, 'small');
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0);
  const lease = await api.app.inject({
    method: 'POST',
    url: '/v1/leases',
    headers: { ...bearer(api.userToken), 'idempotency-key': 'x' },
    payload: { profile: 'small' },
  });
  assert.equal(lease.statusCode, 201);
  const res = await req('DELETE', '/v1/profiles/small', op);
  assert.equal(res.statusCode, 409);
  assert.ok(await api.store.getProfile('small'));
});
