import { poolKey } from '../controllers/pool/pool-key.js';
import type { ControllerRunner } from '../controllers/runtime/controller-runner.js';
import type { LeaseRecord } from '../store/store.js';

/**
 * How long a pool's nudge waits after a lease write that does not need a VM booted.
 * The work queue keeps a waiting key's earlier due time, so every write within this
 * window joins one pool pass instead of queuing one pass each.
 */
export const POOL_NUDGE_DELAY_MS = 1_000;

/**
 * What the API calls after it writes a lease (request, renewal, release): the lease and
 * pool controllers look now rather than at their next resync (they would get there
 * anyway).
 *
 * - The lease: at once (a waiting lease takes a VM as soon as one is ready; a released
 *   one sends its VM away).
 * - Its pool, when the lease is waiting for a VM (the pool was empty): at once, since
 *   that pool pass is what boots the lease's VM, and any wait would add to the user's.
 * - Its pool otherwise (a pool hit, a release, a renewal): after POOL_NUDGE_DELAY_MS.
 *   These only move the counts the pool sizes itself by; a refill a second later is
 *   nothing beside a boot, while a pass per write under load runs back to back and
 *   takes the API's CPU (on SQLite, its event loop).
 */
export function leaseNudges(controllers: { lease: Pick<ControllerRunner, 'enqueue'>; pool: Pick<ControllerRunner, 'enqueue'> }): (lease: LeaseRecord) => void {
  return (lease) => {
    controllers.lease.enqueue(lease.id);
    controllers.pool.enqueue(poolKey(lease.profile, lease.cloud), lease.state === 'provisioning' ? 0 : POOL_NUDGE_DELAY_MS);
  };
}
