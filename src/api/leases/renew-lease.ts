import { ConflictError, NotFoundError } from '../../core/errors.js';
import { planRenewal } from '../../core/leasing/index.js';
import type { LeaseRecord, Store, User } from '../../store/store.js';
import { RESTART_STEP } from '../../controllers/shared/instance-steps.js';
import { visibleLease } from './lease-access.js';

const MAX_TRIES = 3;

/**
 * Renews a lease within its profile's limits (planRenewal decides). A lease in its
 * grace period is active again at once, and its stopped VM is flagged for a restart
 * (the instance controller starts it; the API never calls a cloud). The write is a
 * compare-and-swap on the version the plan was made from: if the lease changed
 * meanwhile (another renewal, a warning, an expiry), the plan is made again from the
 * lease as it now is, so that two renewals count as two and an ended lease is not
 * resurrected.
 */
export async function renewLease(store: Store, caller: User, id: string, duration: string | number | undefined, now: number): Promise<LeaseRecord> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const lease = await visibleLease(store, caller, id);
    const profile = await store.getProfile(lease.profile);
    if (!profile) throw new NotFoundError(`lease ${id}: its profile ${lease.profile} no longer exists, so it cannot be renewed`);
    const plan = planRenewal(lease, profile, duration, now);
    const renewed = await store.updateLease(
      id,
      {
        state: plan.state,
        expiresAt: plan.expiresAt,
        renewals: plan.renewals,
        graceEndsAt: plan.graceEndsAt,
        // Offsets still ahead of the new end will warn again; those already passed will not.
        warnedOffsets: plan.warnedOffsets,
      },
      now,
      [lease.state],
      lease.version,
    );
    if (renewed) return finishRenewal(store, caller, renewed, profile.maxRenewals, plan.restart, now);
  }
  throw new ConflictError(`lease ${id} kept changing while it was being renewed; look at it again and retry`);
}

async function finishRenewal(store: Store, caller: User, renewed: LeaseRecord, maxRenewals: number, restart: boolean, now: number): Promise<LeaseRecord> {
  const { id } = renewed;
  if (restart && renewed.instanceId) {
    await store.updateInstance(renewed.instanceId, { state: 'leased', step: RESTART_STEP }, now, ['stopped']);
  }
  await store.appendEvent({
    at: now,
    level: 'info',
    kind: 'lease',
    subject: id,
    reason: 'Renewed',
    message: `renewed by ${caller.name} until ${new Date(renewed.expiresAt).toISOString()} (renewal ${renewed.renewals} of ${maxRenewals})${restart ? '; its stopped VM is being started again' : ''}`,
  });
  return renewed;
}
