import type { ServerStatus } from '../cloud.js';
import type { InstanceState } from './types.js';

/**
 * The state manager's ladder: what to do about one instance whose server is not in
 * the status it should be in. Each call takes one step; the controller records the
 * step (attempts, an event) before acting, then looks again once the action has had
 * time to finish. Rungs, in order, for a server that should be ACTIVE:
 *
 *   attempts  rung          Nova accepts it from
 *   0         start         SHUTOFF
 *   1         reboot-soft   ACTIVE (the guest does not answer)
 *   2         reboot-hard   ACTIVE, SHUTOFF, ERROR, REBOOT (takes over a hung soft reboot)
 *   3         rebuild       ACTIVE, SHUTOFF, ERROR (reinstalls the image: a holder's data is lost)
 *   4+        replace (pooled: delete it, the pool refills) | give-up (held: mark failed, tell the holder)
 *
 * A step is the first rung at or after `attempts` that Nova accepts from the observed
 * status; rungs that do not apply are skipped, and `attempts` becomes that rung + 1,
 * so an ERROR server goes straight to a hard reboot and the ladder ends after at most
 * four actions. A status no rung applies to (PAUSED, SUSPENDED, SHELVED, ...) goes to
 * the end at once. For a server that should be SHUTOFF (a lease in its grace period)
 * the rungs are stop, stop (from ACTIVE or ERROR).
 *
 * Not the state manager's business: transitional statuses (BUILD, REBOOT, MIGRATING,
 * ... or any task state) are waited out unless stuck longer than `stuckAfterMs`, and
 * UNKNOWN (Nova cannot reach the host) is host HA's to handle: wait.
 * A server that is gone (MISSING, or DELETED in a changes-since listing) cannot be
 * repaired: replace a pooled instance, give up a held one.
 */
export type RecoveryAction = 'start' | 'stop' | 'reboot-soft' | 'reboot-hard' | 'rebuild';

export type RecoveryStep =
  /** In the expected status: nothing to do; write attempts 0 if `resetAttempts`. */
  | { kind: 'healthy'; resetAttempts: boolean }
  /** Mid-transition, or a host problem: look again later. */
  | { kind: 'wait'; reason: string }
  /** Record `attempts`, then call the driver. */
  | { kind: RecoveryAction; attempts: number; reason: string }
  /** A pooled instance beyond repair: delete it; the pool controller boots a new one. */
  | { kind: 'replace'; reason: string }
  /** A held instance beyond repair: mark it failed, notify the holder, keep a record. */
  | { kind: 'give-up'; reason: string };

export interface ObservedServer {
  status: ServerStatus | 'MISSING';
  taskState: string | null;
  /** How long the server has shown this status and task state (ms), when known. */
  forMs?: number;
  /** A guest probe says the VM does not answer (only meaningful when ACTIVE). */
  unresponsive?: boolean;
}

export interface RecoveryOptions {
  /** A transition lasting longer than this is treated as failed (default 1 h). */
  stuckAfterMs?: number;
}

const TRANSITIONAL: readonly ServerStatus[] = ['BUILD', 'REBOOT', 'HARD_REBOOT', 'MIGRATING', 'REBUILD', 'RESIZE'];

const ACTIVE_LADDER: ReadonlyArray<{ action: RecoveryAction; from: readonly ServerStatus[] }> = [
  { action: 'start', from: ['SHUTOFF'] },
  { action: 'reboot-soft', from: ['ACTIVE'] },
  { action: 'reboot-hard', from: ['ACTIVE', 'SHUTOFF', 'ERROR', 'REBOOT'] },
  { action: 'rebuild', from: ['ACTIVE', 'SHUTOFF', 'ERROR'] },
];
const SHUTOFF_LADDER: typeof ACTIVE_LADDER = [
  { action: 'stop', from: ['ACTIVE', 'ERROR'] },
  { action: 'stop', from: ['ACTIVE', 'ERROR'] },
];

/** Held instances (leased, stopped, or recovering on behalf of a lease) are given up, never replaced. */
export function isHeld(instance: { state: InstanceState; leaseId: string | null }): boolean {
  return instance.leaseId !== null || instance.state === 'leased' || instance.state === 'stopped';
}

export function nextRecoveryStep(
  instance: { state: InstanceState; attempts: number; leaseId: string | null },
  observed: ObservedServer,
  expected: 'ACTIVE' | 'SHUTOFF',
  options: RecoveryOptions = {},
): RecoveryStep {
  const { status, taskState } = observed;
  const end = (reason: string): RecoveryStep => (isHeld(instance) ? { kind: 'give-up', reason } : { kind: 'replace', reason });

  if (status === 'MISSING' || status === 'DELETED') return end('the server no longer exists');
  if (status === expected && taskState === null && !(expected === 'ACTIVE' && observed.unresponsive)) {
    return { kind: 'healthy', resetAttempts: instance.attempts > 0 };
  }
  if (status === 'UNKNOWN') return { kind: 'wait', reason: 'the cloud cannot reach the server\'s host (host HA handles it)' };

  const stuck = observed.forMs !== undefined && observed.forMs > (options.stuckAfterMs ?? 3_600_000);
  if ((TRANSITIONAL.includes(status) || taskState !== null) && !stuck) {
    return { kind: 'wait', reason: `in transition (${status}${taskState ? `, ${taskState}` : ''})` };
  }

  const seen = `${status}${taskState ? ` (${taskState})` : ''}${stuck ? ' for too long' : ''}${observed.unresponsive ? ', not answering' : ''}`;
  const ladder = expected === 'ACTIVE' ? ACTIVE_LADDER : SHUTOFF_LADDER;
  for (let rung = Math.max(0, instance.attempts); rung < ladder.length; rung++) {
    const { action, from } = ladder[rung]!;
    if (from.includes(status)) {
      return { kind: action, attempts: rung + 1, reason: `server is ${seen}, should be ${expected}: ${action} (attempt ${rung + 1} of ${ladder.length})` };
    }
  }
  return end(
    instance.attempts >= ladder.length
      ? `server is ${seen}, should be ${expected}; recovery exhausted after ${instance.attempts} attempts`
      : `server is ${seen}, should be ${expected}; no recovery step applies`,
  );
}
