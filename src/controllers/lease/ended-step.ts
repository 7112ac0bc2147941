import type { ReconcileResult } from '../runtime/reconciler.js';
import { reclaimInstance, returnUnused } from './lease-instances.js';
import { recordLeaseStep } from './lease-journal.js';
import type { InstanceRecord, LeaseControllerStore, LeaseRecord } from './lease-store.js';

/**
 * A lease that has ended (released, expired, failed) but still holds instances. The
 * VM its holder had is deleted, never returned to the pool; instances it never had
 * (booted for it, or claimed in a race it lost) join the pool. For an expired lease
 * this only finishes a step that a crash interrupted; for a released one it is the
 * step itself (the API only marks the lease released).
 */
export async function reconcileEnded(
  store: LeaseControllerStore,
  lease: LeaseRecord,
  held: InstanceRecord[],
  now: number,
): Promise<ReconcileResult> {
  for (const instance of held) {
    if (lease.activeAt !== null && instance.id === lease.instanceId) {
      if (await reclaimInstance(store, instance.id, now)) {
        await recordLeaseStep(store, lease, now, {
          reason: lease.state === 'released' ? 'Released' : 'Reclaimed',
          message: `instance ${instance.id} is being deleted (lease ${lease.state})`,
        });
      }
    } else {
      await returnUnused(store, instance, now);
    }
  }
  return {};
}

/**
 * Instances marked for a lease id that has no row: a request claimed one and died
 * before writing its lease. Nobody was told about the instance, so it goes back to the
 * pool, but only after `graceMs`, so that a request between its claim and its write
 * is not robbed.
 */
export async function reconcileMissing(
  store: LeaseControllerStore,
  leaseId: string,
  held: InstanceRecord[],
  now: number,
  graceMs: number,
): Promise<ReconcileResult> {
  let wait: number | undefined;
  for (const instance of held) {
    const left = instance.updatedAt + graceMs - now;
    if (left > 0) {
      wait = Math.min(wait ?? left, left);
      continue;
    }
    const outcome = await returnUnused(store, instance, now);
    if (outcome) {
      await store.appendEvent({
        at: now,
        level: 'warning',
        kind: 'lease',
        subject: leaseId,
        reason: 'OrphanClaim',
        message: `instance ${instance.id} was held for lease ${leaseId}, which does not exist; ${outcome === 'pooled' ? 'returned to the pool' : 'deleting it'}`,
      });
    }
  }
  return wait === undefined ? {} : { requeueAfterMs: wait };
}
