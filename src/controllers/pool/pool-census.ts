import type { InstanceState } from '../../core/leasing/types.js';
import type { PoolStateCount, ReadyTime } from '../../store/store.js';

/**
 * One pool's instances, counted the way the sizing policy and the bound m read them.
 * Pooled instances under repair (recovering, no lease) count as provisioning.
 * Instances booted for a waiting lease (a provisioning instance with a leaseId) are
 * already spoken for: they count as leased, not as future ready ones, so the pool
 * does not believe itself fuller than it will be. Stopped, recovering and failed
 * instances also occupy the cloud, so they count against m (with the leased ones).
 */
export interface PoolCensus {
  ready: number;
  /** Provisioning for the pool (no lease), and pooled ones being repaired. */
  provisioning: number;
  /** Provisioning for a waiting lease. */
  reserved: number;
  /** leased + stopped + recovering + failed + reserved: what m must leave room for beside ready and provisioning. */
  occupied: number;
  /** Every instance that counts against m. */
  total: number;
}

const PROVISIONING = new Set<InstanceState>(['pending', 'booting', 'configuring']);
const NOT_COUNTED = new Set<InstanceState>(['deleting', 'deleted']);

/** The census from the store's per-state counts (`Store.poolStateCounts`): no instance row is read. */
export function poolCensus(counts: readonly PoolStateCount[]): PoolCensus {
  const c: PoolCensus = { ready: 0, provisioning: 0, reserved: 0, occupied: 0, total: 0 };
  for (const { state, withLease, count } of counts) {
    if (NOT_COUNTED.has(state)) continue;
    c.total += count;
    if (state === 'ready') c.ready += count;
    // A pooled instance under repair comes back within the ladder's few minutes (or is
    // replaced): like one provisioning, it will be ready, so no second one is booted meanwhile.
    else if ((PROVISIONING.has(state) || state === 'recovering') && !withLease) c.provisioning += count;
    else {
      if (PROVISIONING.has(state)) c.reserved += count;
      c.occupied += count;
    }
  }
  return c;
}

/** The census once `n` of its ready instances have left (ready -> deleting). */
export function withoutReady(c: PoolCensus, n: number): PoolCensus {
  return { ...c, ready: c.ready - n, total: c.total - n };
}

/**
 * Measured refill time: the median boot-to-ready time (readyAt - createdAt) of the
 * given samples, the most recently readied instances still alive
 * (`Store.recentReadyTimes`). 0 when none has been measured (the policy then uses its
 * own fallback).
 */
export function medianRefillMs(samples: readonly ReadyTime[]): number {
  const times = samples.map((s) => s.readyAt - s.createdAt).sort((a, b) => a - b);
  if (times.length === 0) return 0;
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
