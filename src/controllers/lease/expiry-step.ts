import { isImportant, leaseDue } from '../../core/leasing/index.js';
import type { Profile } from '../../core/leasing/types.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { reclaimInstance, restartInstance, returnUnused, stopInstance } from './lease-instances.js';
import { recordLeaseStep } from './lease-journal.js';
import { expiringMessage, formatTime, reclaimedMessage, stoppedMessage } from './lease-messages.js';
import type { InstanceRecord, LeaseControllerStore, LeaseRecord } from './lease-store.js';

/**
 * An active lease or one in its grace period. First the instance is made to match the
 * lease (a step that a crash cut in half, or a renewal whose instance write was lost);
 * then core's leaseDue decides: warn, reclaim, stop (important) or reclaim after
 * grace. The lease's compare-and-swap is the commit point of each step, taken before
 * the instance is touched. It is on the version read, not only the state: a renewal
 * keeps an active lease active, so only the version tells that the decision was made
 * on a lease that has since been renewed; such a renewal wins and the VM is left alone.
 */
export async function reconcileExpiry(
  store: LeaseControllerStore,
  lease: LeaseRecord,
  profile: Profile,
  held: InstanceRecord[],
  now: number,
): Promise<ReconcileResult> {
  const own = held.find((i) => i.id === lease.instanceId) ?? null;
  for (const other of held) if (other !== own) await returnUnused(store, other, now);
  if (own) await alignInstance(store, lease, own, now);

  const due = leaseDue(lease, profile, now);
  switch (due.kind) {
    case 'none':
      return due.nextCheckAt === null ? {} : { requeueAfterMs: Math.max(0, due.nextCheckAt - now) };
    case 'warn': {
      const warned = [...new Set([...lease.warnedOffsets, ...due.offsetsMs])];
      const updated = await store.updateLease(lease.id, { warnedOffsets: warned }, now, ['active'], lease.version);
      if (updated) {
        await recordLeaseStep(store, updated, now, {
          reason: 'ExpiryWarning',
          message: `expires at ${formatTime(lease.expiresAt)}`,
          notify: expiringMessage(updated, profile, now, isImportant(lease, profile)),
        });
      }
      break;
    }
    case 'stop': {
      const updated = await store.updateLease(lease.id, { state: 'grace', graceEndsAt: due.graceEndsAt }, now, ['active'], lease.version);
      if (updated) {
        if (own) await stopInstance(store, own.id, now);
        await recordLeaseStep(store, updated, now, {
          reason: 'Stopped',
          message: `expired; important (${lease.importance} >= ${profile.importantThreshold}): VM stopped, kept until ${formatTime(due.graceEndsAt)}`,
          notify: stoppedMessage(updated, profile, due.graceEndsAt),
        });
      }
      break;
    }
    case 'reclaim':
    case 'reclaim-after-grace': {
      const afterGrace = due.kind === 'reclaim-after-grace';
      const updated = await store.updateLease(lease.id, { state: 'expired', endedAt: now }, now, [lease.state], lease.version);
      if (updated) {
        if (own) await reclaimInstance(store, own.id, now);
        await recordLeaseStep(store, updated, now, {
          reason: afterGrace ? 'ReclaimedAfterGrace' : 'Reclaimed',
          message: afterGrace ? 'grace period over without a renewal: VM deleted' : 'expired: VM deleted',
          notify: reclaimedMessage(updated, afterGrace),
        });
      }
      break;
    }
  }
  // Look again at once: the lease may have moved (a lost race, or the next step due).
  return { requeueAfterMs: 0 };
}

/**
 * An active lease's VM runs; a grace lease's VM is stopped. A renewal makes the
 * first true itself (lease, then instance); this only finishes what was cut short.
 * Before stopping, the lease is read again: a renewal between the two reads wins.
 */
async function alignInstance(store: LeaseControllerStore, lease: LeaseRecord, own: InstanceRecord, now: number): Promise<void> {
  if (lease.state === 'active' && own.state === 'stopped') {
    if (await restartInstance(store, own.id, now)) {
      await recordLeaseStep(store, lease, now, { reason: 'Restarting', message: `instance ${own.id} was stopped while the lease is active: starting it` });
    }
  } else if (lease.state === 'grace' && (own.state === 'leased' || own.state === 'recovering')) {
    const again = await store.getLease(lease.id);
    if (again?.state !== 'grace') return;
    if (await stopInstance(store, own.id, now)) {
      await recordLeaseStep(store, lease, now, { reason: 'Stopped', message: `instance ${own.id} still ran in the grace period: stopping it` });
    }
  }
}
