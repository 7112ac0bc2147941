import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedProfile, seedReadyInstances } from './testing/leasing-seed.js';
import { startTestApi, T0 } from './testing/test-api.js';

test('GET /v1/pools shows counts, bounds, the last decision and the hit rate of the last hour', async (t) => {
  const clock = { t: T0, now: () => clock.t };
  const api = await startTestApi({ clock });
  t.after(() => api.close());
  await seedProfile(api.store, 'small', { clouds: ['sim', 'lab'], pool: { policy: 'vmms', m: 8, n: 3 } });
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 2, T0);
  await api.store.insertInstance({ id: 'i-booting', profile: 'small', cloud: 'sim', vcpus: 2, ramMb: 4096 }, T0);
  await api.store.savePool({ profile: 'small', cloud: 'sim', policyState: {}, target: 3, m: 12, n: 4, reason: 'burst: 1.5x', vcpus: 2, ramMb: 4096, updatedAt: T0 });
  // An old miss, outside the hour, and three requests now: two hits and one miss.
  await api.store.recordRequest('small', 'sim', T0 - 2 * 3_600_000, false);
  clock.t = T0 + 1000;
  for (let i = 0; i < 3; i++) {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/leases',
      headers: { ...bearer(api.userToken), 'idempotency-key': `k${i}` },
      payload: { profile: 'small' },
    });
    assert.equal(res.statusCode, i < 2 ? 201 : 202);
  }

  const res = await api.app.inject({ method: 'GET', url: '/v1/pools', headers: bearer(api.userToken) });
  assert.equal(res.statusCode, 200);
  const [sim, lab] = res.json().pools;
  assert.deepEqual(sim, {
    profile: 'small',
    cloud: 'sim',
    policy: 'vmms',
    ready: 0,
    provisioning: 1,
    leased: 2,
    stopped: 0,
    recovering: 0,
    failed: 0,
    waiting: 1,
    m: 12,
    n: 4,
    target: 3,
    reason: 'burst: 1.5x',
    decidedAt: new Date(T0).toISOString(),
    vm: { vcpus: 2, ramMb: 4096 },
    recent: { windowSeconds: 3600, requests: 3, hits: 2, hitRate: 2 / 3 },
  });
  // A pool the controller has not decided for yet shows the profile's bounds and no target.
  assert.deepEqual(
    [lab.cloud, lab.ready, lab.m, lab.n, lab.target, lab.reason, lab.vm, lab.recent.hitRate],
    ['lab', 0, 8, 3, null, null, null, null],
  );
});
