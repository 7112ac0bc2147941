import type { LeaseState, Profile } from './types.js';

/** What expiry needs of a lease (the store's LeaseRecord fits). */
export interface ExpiringLease {
  state: LeaseState;
  importance: number;
  createdAt: number;
  activeAt: number | null;
  expiresAt: number;
  graceEndsAt: number | null;
  /** Offsets (ms before expiry) already warned about. */
  warnedOffsets: readonly number[];
}

export type ExpiryAction =
  /** Nothing due. Look again at `nextCheckAt` (null: never, the lease has ended). */
  | { kind: 'none'; nextCheckAt: number | null }
  /**
   * Warn the holder once. `offsetMs` is the most urgent warning that has come due
   * (it describes the time left best); `offsetsMs` are all that came due unsent:
   * record all of them in warnedOffsets, so a controller that was down sends one
   * mail, not a burst.
   */
  | { kind: 'warn'; offsetMs: number; offsetsMs: number[]; expiresAt: number }
  /** An ordinary lease (or one still waiting for its VM) at or after its end: end it, delete its VM. */
  | { kind: 'reclaim' }
  /** An important lease at its end: stop its VM, notify, state 'grace' until graceEndsAt. */
  | { kind: 'stop'; graceEndsAt: number }
  /** The grace period is over without a renewal: end the lease, delete its VM. */
  | { kind: 'reclaim-after-grace' };

/** Important leases are stopped at expiry and kept for the grace period rather than deleted. */
export function isImportant(lease: { importance: number }, profile: Pick<Profile, 'importantThreshold'>): boolean {
  return lease.importance >= profile.importantThreshold;
}

/**
 * The expiry decision for one lease at `now`; the lease controller applies it and
 * requeues at `nextCheckAt`, so a week-long lease costs a handful of looks.
 *
 *   active:  ... warn(24h) ... warn(1h) ... expiresAt -> reclaim | stop (important)
 *   grace:   (VM stopped) ................. graceEndsAt -> reclaim-after-grace
 *
 * Warnings: offset o is due once now >= expiresAt - o. Offsets whose moment fell at
 * or before the lease started (activeAt, else createdAt) are skipped: a 2-hour lease
 * gets its 1-hour warning, not a 24-hour one at birth. At most one warning per call.
 *
 * Grace runs from the stop, max(expiresAt, now) + grace: normally expiresAt + grace,
 * but a controller that was down past the end still leaves the holder the whole
 * grace period it promised before the VM is deleted.
 */
export function leaseDue(lease: ExpiringLease, profile: Pick<Profile, 'importantThreshold' | 'graceMs' | 'warnBeforeMs'>, now: number): ExpiryAction {
  switch (lease.state) {
    case 'provisioning':
      return now >= lease.expiresAt ? { kind: 'reclaim' } : { kind: 'none', nextCheckAt: lease.expiresAt };
    case 'grace': {
      const end = lease.graceEndsAt ?? lease.expiresAt + profile.graceMs;
      return now >= end ? { kind: 'reclaim-after-grace' } : { kind: 'none', nextCheckAt: end };
    }
    case 'active':
      break;
    default:
      return { kind: 'none', nextCheckAt: null };
  }

  if (now >= lease.expiresAt) {
    return isImportant(lease, profile)
      ? { kind: 'stop', graceEndsAt: Math.max(lease.expiresAt, now) + profile.graceMs }
      : { kind: 'reclaim' };
  }

  const start = lease.activeAt ?? lease.createdAt;
  const pending = profile.warnBeforeMs.filter((o) => lease.expiresAt - o > start && !lease.warnedOffsets.includes(o));
  const due = pending.filter((o) => now >= lease.expiresAt - o);
  if (due.length > 0) {
    return { kind: 'warn', offsetMs: Math.min(...due), offsetsMs: [...due].sort((a, b) => b - a), expiresAt: lease.expiresAt };
  }
  const moments = pending.map((o) => lease.expiresAt - o);
  return { kind: 'none', nextCheckAt: Math.min(lease.expiresAt, ...moments) };
}
