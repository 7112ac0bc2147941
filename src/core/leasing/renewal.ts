import { formatDuration } from '../duration.js';
import { InputError, InvalidStateError } from '../errors.js';
import { leaseDuration } from './lease-request.js';
import type { LeaseState, Profile } from './types.js';

/** What a renewal needs of a lease (the store's LeaseRecord fits). */
export interface RenewableLease {
  id: string;
  state: LeaseState;
  expiresAt: number;
  renewals: number;
}

export interface RenewalPlan {
  /** The time added (the duration asked for). */
  durationMs: number;
  expiresAt: number;
  renewals: number;
  /** The lease was in its grace period: its VM is stopped and must be started again. */
  restart: boolean;
  /** Write these with the renewal (a patch): the lease is active again, out of grace. */
  state: 'active';
  graceEndsAt: null;
  /**
   * Warnings to treat as sent: offsets whose moment the new expiry puts at or
   * before `now`. The holder is acting on the lease right now; a "your lease ends
   * within 24 h" mail a second after renewing for 12 h would be noise.
   */
  warnedOffsets: number[];
}

/**
 * Renewing adds the duration asked for (the profile's default lease when absent) to
 * the lease's end: to its current end while it is active, so time already held is
 * never lost and "renew 3d" always means three more days; to `now` for a lease in
 * its grace period, whose end is past. The result may lie at most the profile's
 * maximum lease after `now`; more is refused (InputError, field 'duration') saying
 * how much can be added, rather than quietly granting less than was asked.
 *
 * Refused with InvalidStateError: a lease that is not active or in grace (one still
 * waiting for its VM has not started; ended ones are over), and a lease already
 * renewed the profile's maxRenewals times.
 */
export function planRenewal(lease: RenewableLease, profile: Profile, durationInput: string | number | undefined, now: number): RenewalPlan {
  if (lease.state !== 'active' && lease.state !== 'grace') {
    throw new InvalidStateError(`lease ${lease.id} is ${lease.state}: only an active lease or one in its grace period can be renewed`);
  }
  if (lease.renewals >= profile.maxRenewals) {
    throw new InvalidStateError(
      `lease ${lease.id} has been renewed ${lease.renewals} times, the maximum (maxRenewals ${profile.maxRenewals} of profile ${profile.name})`,
    );
  }
  const durationMs = leaseDuration(durationInput, profile);
  const from = lease.state === 'grace' ? now : Math.max(now, lease.expiresAt);
  const expiresAt = from + durationMs;
  if (expiresAt - now > profile.maxLeaseMs) {
    const room = profile.maxLeaseMs - (from - now);
    const hint = room >= 1000 ? `at most ${formatDuration(room)} can be added now` : 'nothing can be added yet';
    throw new InputError(
      `duration: the lease would end in ${formatDuration(expiresAt - now)}, more than the maximum lease of profile ${profile.name} (${formatDuration(profile.maxLeaseMs)}); ${hint}`,
      'duration',
    );
  }
  return {
    durationMs,
    expiresAt,
    renewals: lease.renewals + 1,
    restart: lease.state === 'grace',
    state: 'active',
    graceEndsAt: null,
    warnedOffsets: profile.warnBeforeMs.filter((offset) => expiresAt - offset <= now),
  };
}
