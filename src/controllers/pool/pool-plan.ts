import { instancesToCreate, instancesToTrim, type PoolObservation, type PoolTarget } from '../../core/pool/pool-policy.js';
import type { LeaseRecord } from '../../store/store.js';
import type { PoolCensus } from './pool-census.js';

export interface PoolPlan {
  /** Waiting leases that get an instance booted for them now, oldest first. */
  forLeases: LeaseRecord[];
  /** New instances for the pool itself. */
  forPool: number;
  /** Surplus ready instances to remove now (the oldest). */
  trim: number;
}

/**
 * What one pass does, from the census and the policy's target. Users already waiting
 * come first: each waiting lease without an instance on the way gets one, within what
 * m leaves; then the pool's own boots (instancesToCreate, counting those just planned
 * as occupied). At most `createPerPass` boots in all, so a burst does not flood the
 * cloud. Nothing is trimmed while leases wait: every ready instance is about to be
 * claimed. `canBoot` false (the profile names an image or flavor the cloud lacks):
 * nothing is booted.
 */
export function planPool(
  census: PoolCensus,
  obs: PoolObservation,
  target: PoolTarget,
  waiting: readonly LeaseRecord[],
  limits: { createPerPass: number; trimPerPass: number; canBoot: boolean },
): PoolPlan {
  const room = Math.max(0, target.m - census.total);
  const forLeases = limits.canBoot ? waiting.slice(0, Math.min(room, limits.createPerPass)) : [];
  const forPool = limits.canBoot
    ? Math.max(0, Math.min(instancesToCreate({ ...obs, leased: obs.leased + forLeases.length }, target), limits.createPerPass - forLeases.length))
    : 0;
  const trim = waiting.length > 0 ? 0 : Math.min(instancesToTrim(obs, target), limits.trimPerPass);
  return { forLeases, forPool, trim };
}
