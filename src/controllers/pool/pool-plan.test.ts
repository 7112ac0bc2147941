import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceState } from '../../core/leasing/types.js';
import type { PoolObservation, PoolTarget } from '../../core/pool/pool-policy.js';
import type { InstanceRecord, LeaseRecord, PoolStateCount } from '../../store/store.js';
import { medianRefillMs, poolCensus } from './pool-census.js';
import { planPool } from './pool-plan.js';

function inst(id: string, state: InstanceState, extra: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    id, cloud: 'sim', profile: 'web', state, serverId: null, step: null, imageId: null, flavorId: null, vcpus: 1, ramMb: 1024,
    host: null, addresses: [], floatingIpId: null, password: null, leaseId: null, attempts: 0, lastError: null,
    createdAt: 0, readyAt: null, updatedAt: 0, ...extra,
  };
}
const lease = (id: string) => ({ id }) as LeaseRecord;
const limits = { createPerPass: 10, trimPerPass: 1, canBoot: true };

/** These rows counted per (state, with a leaseId), as the store's poolStateCounts counts a pool (deleting ones kept here, to show the census ignores them). */
function countStates(rows: InstanceRecord[]): PoolStateCount[] {
  const counts = new Map<string, PoolStateCount>();
  for (const r of rows) {
    const key = `${r.state}/${r.leaseId !== null}`;
    const c = counts.get(key) ?? { state: r.state, withLease: r.leaseId !== null, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()];
}

function observe(rows: InstanceRecord[]): { census: ReturnType<typeof poolCensus>; obs: PoolObservation } {
  const census = poolCensus(countStates(rows));
  return { census, obs: { now: 0, ready: census.ready, provisioning: census.provisioning, leased: census.occupied, requestTimes: [], refillMs: 0 } };
}

test('the census counts instances booted for a lease as occupied, pooled ones under repair as provisioning, and deleting ones nowhere', () => {
  const { census } = observe([
    inst('a', 'ready'), inst('b', 'pending'), inst('c', 'booting', { leaseId: 'L1' }), inst('d', 'leased', { leaseId: 'L2' }),
    inst('e', 'recovering'), inst('f', 'recovering', { leaseId: 'L3' }), inst('g', 'failed'), inst('h', 'deleting'),
  ]);
  assert.deepEqual([census.ready, census.provisioning, census.reserved, census.occupied, census.total], [1, 2, 1, 4, 7]);
});


test('waiting leases are served first and nothing goes beyond m', () => {
  const { census, obs } = observe([inst('a', 'leased', { leaseId: 'x' }), inst('b', 'leased', { leaseId: 'y' })]);
  const target: PoolTarget = { ready: 2, m: 3, n: 2, reason: 'test' };
  const plan = planPool(census, obs, target, [lease('L1'), lease('L2')], limits);
  assert.deepEqual(plan.forLeases.map((l) => l.id), ['L1']);
  assert.equal(plan.forPool, 0);
  assert.equal(plan.trim, 0);
});

test('the pool is topped up to its target, and surplus is trimmed one per pass unless leases wait', () => {
  const ready = [inst('a', 'ready', { readyAt: 1 }), inst('b', 'ready', { readyAt: 2 }), inst('c', 'ready', { readyAt: 3 })];
  const low = observe(ready.slice(0, 1));
  assert.equal(planPool(low.census, low.obs, { ready: 3, m: 10, n: 3, reason: '' }, [], limits).forPool, 2);
  const high = observe(ready);
  assert.equal(planPool(high.census, high.obs, { ready: 1, m: 10, n: 3, reason: '' }, [], limits).trim, 1);
  assert.equal(planPool(high.census, high.obs, { ready: 1, m: 10, n: 3, reason: '' }, [lease('L')], limits).trim, 0);
  assert.equal(planPool(low.census, low.obs, { ready: 3, m: 10, n: 3, reason: '' }, [lease('L')], { ...limits, canBoot: false }).forPool, 0);
});

test('the refill time is the median boot-to-ready time of the samples (the store picks the most recently readied)', () => {
  const samples = [10, 20, 30, 400].map((t, i) => ({ createdAt: 1000 * i, readyAt: 1000 * i + t }));
  assert.equal(medianRefillMs(samples), 25);
  assert.equal(medianRefillMs(samples.slice(1)), 30);
  assert.equal(medianRefillMs([]), 0);
});
