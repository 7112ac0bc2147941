import type { InstanceRecord } from '../../store/store.js';

/**
 * One pool's instances, counted the way the sizing policy and the bound m read them.
 * Pooled instances under repair (recovering, no lease) count as provisioning.
 * Instances booted for a waiting lease (a provisioning instance with a leaseId) are
 * already spoken for: they count as leased, not as future ready ones, so the pool
 * does not believe itself fuller than it will be. Stopped, recovering and failed
 * instances also occupy the cloud, so they count against m (with the leased ones).
 */
export interface PoolCensus {
  ready: InstanceRecord[];
  /** Provisioning for the pool (no lease), and pooled ones being repaired. */
  provisioning: number;
  /** Provisioning for a waiting lease. */
  reserved: number;
  /** leased + stopped + recovering + failed + reserved: what m must leave room for beside ready and provisioning. */
  occupied: number;
  /** Every instance that counts against m. */
  total: number;
  /** Leases that already have an instance on the way or in hand. */
  servedLeases: Set<string>;
}

const PROVISIONING = new Set(['pending', 'booting', 'configuring']);
const NOT_COUNTED = new Set(['deleting', 'deleted']);

export function poolCensus(instances: readonly InstanceRecord[]): PoolCensus {
  const c: PoolCensus = { ready: [], provisioning: 0, reserved: 0, occupied: 0, total: 0, servedLeases: new Set() };
  for (const i of instances) {
    if (NOT_COUNTED.has(i.state)) continue;
    c.total++;
    if (i.leaseId && (PROVISIONING.has(i.state) || i.state === 'leased')) c.servedLeases.add(i.leaseId);
    if (i.state === 'ready') c.ready.push(i);
    // A pooled instance under repair comes back within the ladder's few minutes (or is
    // replaced): like one provisioning, it will be ready, so no second one is booted meanwhile.
    else if ((PROVISIONING.has(i.state) || i.state === 'recovering') && !i.leaseId) c.provisioning++;
    else {
      if (PROVISIONING.has(i.state)) c.reserved++;
      c.occupied++;
    }
  }
  // Oldest ready first: those are trimmed or replaced first (they are also claimed first).
  c.ready.sort((a, b) => (a.readyAt ?? 0) - (b.readyAt ?? 0) || a.id.localeCompare(b.id));
  return c;
}

/**
 * Measured refill time: the median boot-to-ready time (readyAt - createdAt) of the
 * `samples` most recently readied instances still alive. 0 when none has been
 * measured (the policy then uses its own fallback).
 */
export function measuredRefillMs(instances: readonly InstanceRecord[], samples = 20): number {
  const times = instances
    .filter((i) => i.readyAt !== null && !NOT_COUNTED.has(i.state))
    .sort((a, b) => b.readyAt! - a.readyAt!)
    .slice(0, samples)
    .map((i) => i.readyAt! - i.createdAt)
    .sort((a, b) => a - b);
  if (times.length === 0) return 0;
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
