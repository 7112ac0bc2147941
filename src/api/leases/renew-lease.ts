import { ConflictError, NotFoundError } from '../../core/errors.js';
import { planRenewal } from '../../core/leasing/index.js';
import type { LeaseRecord, Store, User } from '../../store/store.js';
import { visibleLease } from './lease-access.js';

/** The instance-controller step that asks for a stopped server to be started again. */
const RESTART_STEP = 'restart';

/**
 * Renews a lease within its profile's limits (planRenewal decides). A lease in its
 * grace period is active again at once, and its stopped VM is flagged for a restart
 * (the instance controller starts it; the API never calls a cloud). The write is a
 * compare-and-swap on the state the plan was made from: if the lease moved meanwhile
 * (expired, released), the renewal is refused rather than resurrecting it.
 */
export async function renewLease(store: Store, caller: User, id: string, duration: string | number | undefined, now: number): Promise<LeaseRecord> {
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
  );
  if (!renewed) throw new ConflictError(`lease ${id} changed while it was being renewed; look at it again and retry`);
  if (plan.restart && renewed.instanceId) {
    await store.updateInstance(renewed.instanceId, { state: 'leased', step: RESTART_STEP }, now, ['stopped']);
  }
  await store.appendEvent({
    at: now,
    level: 'info',
    kind: 'lease',
    subject: id,
    reason: 'Renewed',
    message: `renewed by ${caller.name} until ${new Date(plan.expiresAt).toISOString()} (renewal ${plan.renewals} of ${profile.maxRenewals})${plan.restart ? '; its stopped VM is being started again' : ''}`,
  });
  return renewed;
}
