import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances, seedUser } from '../testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../testing/test-api.js';
import { renewLease } from './renew-lease.js';

const DAY = 86_400_000;

interface Setup {
  api: TestApi;
  clock: { t: number; now(): number };
  post(body: unknown, opts?: { key?: string | null; token?: string }): Promise<LightMyRequestResponse>;
  req(method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** An API on a fixed clock with profile `small` (max lease 10d, 1 renewal) and `ready` pooled VMs. */
async function setup(t: { after(fn: () => Promise<void>): void }, ready = 0): Promise<Setup> {
  const clock = { t: T0, now: () => clock.t };
  const api = await startTestApi({ clock });
  t.after(() => api.close());
  await seedProfile(api.store, 'small', { maxLease: '10d', defaultLease: '7d', maxRenewals: 1 });
  if (ready > 0) await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, ready, T0);
  let n = 0;
  return {
    api,
    clock,
    post: (body, opts = {}) =>
      api.app.inject({
        method: 'POST',
        url: '/v1/leases',
        headers: { ...bearer(opts.token ?? api.userToken), ...(opts.key === null ? {} : { 'idempotency-key': opts.key ?? `k-${++n}` }) },
        payload: body as object,
      }),
    req: (method, url, token = api.userToken, body) =>
      api.app.inject({ method, url, headers: bearer(token), ...(body !== undefined ? { payload: body as object } : {}) }),
  };
}

async function leaseCount(api: TestApi): Promise<number> {
  return (await api.store.listLeases()).length;
}

describe('POST /v1/leases', () => {
  it('answers from the pool at once: 201 with the address and password of a ready VM', async (t) => {
    const s = await setup(t, 3);
    const res = await s.post({ profile: 'small', purpose: 'redis tests' });
    assert.equal(res.statusCode, 201, res.body);
    const [lease] = res.json().leases;
    assert.equal(lease.state, 'active');
    assert.equal(lease.fromPool, true);
    assert.equal(lease.user, 'dev');
    assert.equal(lease.purpose, 'redis tests');
    assert.equal(lease.expiresAt, new Date(T0 + 7 * DAY).toISOString());
    assert.equal(lease.instance.state, 'leased');
    assert.match(lease.instance.addresses[0].ip, /^10\.0\.0\.\d+$/);
    assert.equal(lease.instance.password, `pw-${lease.instance.id}`);
    const counts = (await s.api.store.poolCounts({ profile: 'small' }))[0]!;
    assert.deepEqual([counts.ready, counts.leased], [2, 1]);
    const stored = await s.api.store.getInstance(lease.instance.id);
    assert.equal(stored?.leaseId, lease.id);
    const { hits, times } = await s.api.store.requestsSince('small', 'sim', 0);
    assert.deepEqual([times.length, hits], [1, 1]);
  });

  it('answers 202 provisioning when the pool is empty, with a Location to follow', async (t) => {
    const s = await setup(t, 0);
    const res = await s.post({ profile: 'small', duration: '2d' });
    assert.equal(res.statusCode, 202, res.body);
    const [lease] = res.json().leases;
    assert.equal(lease.state, 'provisioning');
    assert.equal(lease.instance, null);
    assert.equal(lease.fromPool, false);
    assert.equal(lease.expiresAt, new Date(T0 + 2 * DAY).toISOString());
    assert.equal(res.headers.location, `/v1/leases/${lease.id}`);
    const { hits, times } = await s.api.store.requestsSince('small', 'sim', 0);
    assert.deepEqual([times.length, hits], [1, 0]);
    assert.match(await s.api.registry.metrics(), /^drover_lease_requests_total\{profile="small",cloud="sim",result="miss"\} 1$/m);
    const follow = await s.req('GET', `/v1/leases/${lease.id}`);
    assert.equal(follow.json().state, 'provisioning');
  });

  it('returns the same lease for a retry with the same key (200), claiming nothing more', async (t) => {
    const s = await setup(t, 3);
    const first = await s.post({ profile: 'small' }, { key: 'retry-me' });
    const again = await s.post({ profile: 'small' }, { key: 'retry-me' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().leases[0].id, first.json().leases[0].id);
    assert.equal(again.json().leases[0].instance.id, first.json().leases[0].instance.id);
    assert.equal(await leaseCount(s.api), 1);
    assert.equal((await s.api.store.poolCounts({ profile: 'small' }))[0]!.ready, 2);
    const metrics = await s.api.registry.metrics();
    assert.match(metrics, /^drover_lease_requests_total\{profile="small",cloud="sim",result="hit"\} 1$/m, 'a retry is not counted again');
    // The key is the user's own: another user's identical key is another request.
    const other = await seedUser(s.api.store, 'eve', 'user', 'qa');
    const theirs = await s.post({ profile: 'small' }, { key: 'retry-me', token: other.token });
    assert.equal(theirs.statusCode, 201);
    assert.notEqual(theirs.json().leases[0].id, first.json().leases[0].id);
  });

  it('refuses a reused key for a different profile (409) rather than answering the old request', async (t) => {
    const s = await setup(t, 1);
    await seedProfile(s.api.store, 'big');
    await s.post({ profile: 'small' }, { key: 'k' });
    const res = await s.post({ profile: 'big' }, { key: 'k' });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().detail, /Idempotency-Key k was already used/);
  });

  it('requires the Idempotency-Key header, naming it, and writes nothing', async (t) => {
    const s = await setup(t, 1);
    const res = await s.post({ profile: 'small' }, { key: null });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().detail, 'the Idempotency-Key header is required');
    assert.equal(res.json().field, 'idempotency-key');
    assert.equal(await leaseCount(s.api), 0);
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async (t) => {
    const s = await setup(t, 2);
    const cases: Array<[unknown, string, RegExp?]> = [
      [{ profile: 'nope' }, 'profile', /no profile named 'nope'/],
      [{}, 'profile', /profile is required/],
      [{ profile: 42 }, 'profile', /must be string/],
      [{ profile: 'small', duration: -5 }, 'duration', /positive/],
      [{ profile: 'small', duration: '-1d' }, 'duration'],
      [{ profile: 'small', duration: '0s' }, 'duration'],
      [{ profile: 'small', duration: 'soon' }, 'duration'],
      [{ profile: 'small', duration: '7000d' }, 'duration', /at most 10d/],
      [{ profile: 'small', duration: 1e12 }, 'duration', /at most 10d/],
      [{ profile: 'small', duration: true }, 'duration'],
      [{ profile: 'small', importance: '5' }, 'importance', /must be integer/],
      [{ profile: 'small', importance: 11 }, 'importance', /0 to 10/],
      [{ profile: 'small', importance: 1.5 }, 'importance'],
      [{ profile: 'small', count: 0 }, 'count'],
      [{ profile: 'small', count: 1000 }, 'count'],
      [{ profile: 'small', count: '2' }, 'count'],
      [{ profile: 'small', purpose: 5 }, 'purpose'],
      [{ profile: 'small', purpose: 'x'.repeat(201) }, 'purpose'],
      [{ profile: 'small', colour: 'blue' }, 'colour', /colour is not a known field/],
    ];
    for (const [body, field, detail] of cases) {
      const res = await s.post(body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().field, field, JSON.stringify(body));
      if (detail) assert.match(res.json().detail, detail, JSON.stringify(body));
    }
    assert.equal(await leaseCount(s.api), 0);
    assert.equal((await s.api.store.poolCounts({ profile: 'small' }))[0]!.ready, 2);
    assert.deepEqual((await s.api.store.requestsSince('small', 'sim', 0)).times, []);
  });

  it('makes `count` leases under KEY, KEY#2, ...: pooled ones active, the rest provisioning (202)', async (t) => {
    const s = await setup(t, 2);
    const res = await s.post({ profile: 'small', count: 3 }, { key: 'batch' });
    assert.equal(res.statusCode, 202);
    const leases = res.json().leases as Array<{ id: string; state: string }>;
    assert.deepEqual(leases.map((l) => l.state), ['active', 'active', 'provisioning']);
    assert.equal(res.headers.location, undefined);
    const dev = (await s.api.store.getUserByName('dev'))!;
    for (const [i, k] of ['batch', 'batch#2', 'batch#3'].entries()) {
      assert.equal((await s.api.store.getLeaseByKey(dev.id, k))?.id, leases[i]!.id);
    }
    const again = await s.post({ profile: 'small', count: 3 }, { key: 'batch' });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json().leases.map((l: { id: string }) => l.id), leases.map((l) => l.id));
    assert.equal(await leaseCount(s.api), 3);
  });

  it('refuses a request over quota with 403 naming the limit, and changes nothing', async (t) => {
    const s = await setup(t, 5);
    const admin = s.api.adminToken;
    assert.equal((await s.req('PUT', '/v1/quotas/user/dev', admin, { instances: 1 })).statusCode, 200);
    assert.equal((await s.post({ profile: 'small' })).statusCode, 201);
    const over = await s.post({ profile: 'small' });
    assert.equal(over.statusCode, 403);
    assert.match(over.json().detail, /user quota exceeded: instances 1 \+ 1 > 1/);

    assert.equal((await s.req('PUT', '/v1/quotas/user/dev', admin, { instances: null })).statusCode, 200);
    assert.equal((await s.req('PUT', '/v1/quotas/project/dev', admin, { vcpus: 5 })).statusCode, 200);
    const vcpus = await s.post({ profile: 'small', count: 2 });
    assert.equal(vcpus.statusCode, 403);
    assert.match(vcpus.json().detail, /project quota exceeded: vcpus 2 \+ 4 > 5/);
    assert.equal(await leaseCount(s.api), 1);
    assert.equal((await s.api.store.poolCounts({ profile: 'small' }))[0]!.ready, 4);
  });

  it('counts the VM size against quotas before the pool has any VM: the size its controller recorded from the flavor', async (t) => {
    const s = await setup(t, 0);
    await s.api.store.savePool({ profile: 'small', cloud: 'sim', policyState: null, target: 1, m: 5, n: 1, reason: 'static', vcpus: 4, ramMb: 8192, updatedAt: T0 });
    assert.equal((await s.req('PUT', '/v1/quotas/project/dev', s.api.adminToken, { vcpus: 5 })).statusCode, 200);
    const over = await s.post({ profile: 'small', count: 2 });
    assert.equal(over.statusCode, 403, over.body);
    assert.match(over.json().detail, /project quota exceeded: vcpus 0 \+ 8 > 5/);
    const one = await s.post({ profile: 'small' });
    assert.equal(one.statusCode, 202, one.body);
    const stored = await s.api.store.getLease(one.json().leases[0].id);
    assert.deepEqual([stored?.vcpus, stored?.ramMb], [4, 8192], 'the waiting lease counts at that size');
  });

  it('hands 10 ready VMs to exactly 10 of 30 concurrent requests; the other 20 wait (202)', async (t) => {
    const s = await setup(t, 10);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => s.post({ profile: 'small' }, { key: `c-${i}` })));
    const byStatus = (code: number) => results.filter((r) => r.statusCode === code);
    assert.equal(byStatus(201).length, 10, results.map((r) => r.statusCode).join(','));
    assert.equal(byStatus(202).length, 20);
    const instances = byStatus(201).map((r) => r.json().leases[0].instance.id as string);
    assert.equal(new Set(instances).size, 10, 'distinct instances');
    for (const r of byStatus(202)) assert.equal(r.json().leases[0].state, 'provisioning');
    const counts = (await s.api.store.poolCounts({ profile: 'small' }))[0]!;
    assert.deepEqual([counts.ready, counts.leased], [0, 10]);
    assert.equal(await leaseCount(s.api), 30);
  });
});

describe('a lease after its request', () => {
  it("is invisible to another user (404 for get, renew and release), visible to operators without the password", async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small' })).json().leases[0];
    const eve = await seedUser(s.api.store, 'eve', 'user', 'dev');
    for (const [method, url, body] of [
      ['GET', `/v1/leases/${lease.id}`, undefined],
      ['POST', `/v1/leases/${lease.id}/renew`, { duration: '1d' }],
      ['DELETE', `/v1/leases/${lease.id}`, undefined],
    ] as const) {
      const res = await s.req(method, url, eve.token, body);
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().detail, `no lease ${lease.id}`);
    }
    assert.deepEqual((await s.req('GET', '/v1/leases', eve.token)).json().leases, []);
    assert.equal((await s.api.store.getLease(lease.id))?.state, 'active');

    const op = await seedUser(s.api.store, 'olga', 'operator', 'ops');
    const seen = await s.req('GET', `/v1/leases/${lease.id}`, op.token);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().instance.password, null);
    const admin = await s.req('GET', `/v1/leases/${lease.id}`, s.api.adminToken);
    assert.equal(admin.json().instance.password, lease.instance.password);
  });

  it('lists own live leases; operators list all or one user, users may not', async (t) => {
    const s = await setup(t, 2);
    const mine = (await s.post({ profile: 'small' })).json().leases[0];
    const eve = await seedUser(s.api.store, 'eve', 'user', 'qa');
    const theirs = (await s.post({ profile: 'small' }, { token: eve.token })).json().leases[0];
    const ids = (res: { json(): { leases: Array<{ id: string }> } }) => res.json().leases.map((l) => l.id).sort();
    assert.deepEqual(ids(await s.req('GET', '/v1/leases')), [mine.id]);
    assert.equal((await s.req('GET', '/v1/leases?all=true')).statusCode, 403);
    assert.equal((await s.req('GET', '/v1/leases?user=eve')).statusCode, 403);
    assert.deepEqual(ids(await s.req('GET', '/v1/leases?user=dev')), [mine.id]);
    const admin = s.api.adminToken;
    assert.deepEqual(ids(await s.req('GET', '/v1/leases?all=true', admin)), [mine.id, theirs.id].sort());
    assert.deepEqual(ids(await s.req('GET', '/v1/leases?user=eve', admin)), [theirs.id]);
    assert.equal((await s.req('GET', '/v1/leases?user=nobody', admin)).statusCode, 404);
    assert.equal((await s.req('GET', '/v1/leases?all=yes', admin)).json().field, 'all');
  });

  it("renews within the profile's limits, and refuses beyond its maximum lease or renewals", async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small', duration: '2d' })).json().leases[0];
    s.clock.t = T0 + DAY;
    // Ends T0+2d; a day in, at most 10d - 1d = 9d more fit under the 10d maximum lease.
    const tooLong = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: '9d1h' });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(tooLong.json().field, 'duration');
    assert.match(tooLong.json().detail, /at most 9d can be added now/);
    const bad = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: -1 });
    assert.equal(bad.json().field, 'duration');

    const ok = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: '3d' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().expiresAt, new Date(T0 + 5 * DAY).toISOString());
    assert.equal(ok.json().renewals, 1);
    const again = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: '1d' });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /renewed 1 times, the maximum/);
    assert.equal((await s.api.store.getLease(lease.id))?.expiresAt, T0 + 5 * DAY);
  });

  it('a renewal that raced another one is planned again from the lease as it now is', async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small', duration: '2d' })).json().leases[0];
    const dev = (await s.api.store.listUsers()).find((u) => u.name === 'dev')!;
    const now = T0 + DAY;
    // The other renewal lands right after this one has read the lease.
    let raced = false;
    const racing = new Proxy(s.api.store, {
      get(target, prop) {
        if (prop !== 'getLease') return Reflect.get(target, prop);
        return async (id: string) => {
          const read = await target.getLease(id);
          if (!raced) {
            raced = true;
            await renewLease(target, dev, id, '3d', now);
          }
          return read;
        };
      },
    });
    await assert.rejects(renewLease(racing, dev, lease.id, '4d', now), /renewed 1 times, the maximum/, 'one renewal allowed, and it is taken');
    const stored = await s.api.store.getLease(lease.id);
    assert.deepEqual([stored?.renewals, stored?.expiresAt], [1, T0 + 5 * DAY], 'the first renewal stands');
  });

  it('renewing a lease in its grace period makes it active and asks for its stopped VM to be started', async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small', importance: 9 })).json().leases[0];
    // What the lease controller does at the expiry of an important lease.
    s.clock.t = T0 + 8 * DAY;
    await s.api.store.updateInstance(lease.instance.id, { state: 'stopped' }, s.clock.t, ['leased']);
    await s.api.store.updateLease(lease.id, { state: 'grace', graceEndsAt: s.clock.t + 3 * DAY }, s.clock.t, ['active']);

    const res = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: '2d' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'active');
    assert.equal(res.json().graceEndsAt, null);
    assert.equal(res.json().expiresAt, new Date(s.clock.t + 2 * DAY).toISOString());
    const instance = await s.api.store.getInstance(lease.instance.id);
    assert.deepEqual([instance?.state, instance?.step], ['leased', 'restart']);
  });

  it('release ends the lease and deletes its VM; releasing again changes nothing', async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small' })).json().leases[0];
    s.clock.t = T0 + 60_000;
    const res = await s.req('DELETE', `/v1/leases/${lease.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'released');
    assert.equal(res.json().endedAt, new Date(T0 + 60_000).toISOString());
    assert.equal(res.json().instance.state, 'deleting');
    s.clock.t = T0 + 120_000;
    const again = await s.req('DELETE', `/v1/leases/${lease.id}`);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), res.json());
    assert.equal((await s.api.store.getInstance(lease.instance.id))?.state, 'deleting');
    assert.deepEqual((await s.req('GET', '/v1/leases')).json().leases, []);
    assert.equal((await s.req('GET', '/v1/leases?state=released')).json().leases.length, 1);
    const renew = await s.req('POST', `/v1/leases/${lease.id}/renew`, undefined, { duration: '1d' });
    assert.equal(renew.statusCode, 409);
  });

  it('releasing a lease still waiting for its VM just ends it', async (t) => {
    const s = await setup(t, 0);
    const lease = (await s.post({ profile: 'small' })).json().leases[0];
    const res = await s.req('DELETE', `/v1/leases/${lease.id}`);
    assert.equal(res.json().state, 'released');
    assert.equal(res.json().instance, null);
  });

  it('records its steps as events the holder can read', async (t) => {
    const s = await setup(t, 1);
    const lease = (await s.post({ profile: 'small' })).json().leases[0];
    await s.req('DELETE', `/v1/leases/${lease.id}`);
    const res = await s.req('GET', `/v1/events?subject=${lease.id}`);
    assert.deepEqual(res.json().events.map((e: { reason: string }) => e.reason), ['Released', 'Claimed']);
  });
});
