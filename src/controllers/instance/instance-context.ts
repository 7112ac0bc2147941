import type { InstanceState } from '../../core/leasing/types.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import type { InstancePatch, InstanceRecord, Store } from '../../store/store.js';
import type { Logger } from '../runtime/logger.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import type { ServerWatch } from './server-watch.js';

/** The part of the store the instance controller and the orphan sweep use. */
export type InstanceControllerStore = Pick<
  Store,
  | 'getInstance'
  | 'listInstances'
  | 'updateInstance'
  | 'getProfile'
  | 'getLease'
  | 'appendEvent'
  | 'enqueueNotification'
>;

export interface InstanceControllerOptions {
  /** How soon a row another controller changed (a new instance, a delete, a stop) is looked at. Default 2 s. */
  pickupMs?: number;
  /** Every live instance is looked at at least this often, whatever else happens. Default 60 s. */
  fullResyncMs?: number;
  /** Look again this soon while something is under way (boot, recovery, delete). Default 2 s. */
  pollMs?: number;
  /** The state manager looks at each ready, leased or stopped instance this often. Default 30 s. */
  checkIntervalMs?: number;
  /** A bulk server listing is reused for this long by every instance of a cloud. Default 5 s. */
  scanMaxAgeMs?: number;
  /** A full (not changes-since) listing at least this often. Default 10 min. */
  fullScanEveryMs?: number;
  /** A boot or configuration not finished after this long fails. Default 30 min. */
  bootTimeoutMs?: number;
  /** Boot calls the cloud refuses (quota, bad request) before the instance fails. Default 3. */
  maxBootAttempts?: number;
  /** Time an action gets to show its effect before it is judged. Default 5 s. */
  settleMs?: number;
  /** A server in transition (a task, BUILD, REBOOT, ...) longer than this counts as broken. Default 1 h. */
  stuckAfterMs?: number;
  /** A failed pooled instance is kept (counted against m) this long before it is deleted,
   *  so that a cloud that refuses every boot is not asked again in a tight loop. Default 10 min. */
  failedHoldMs?: number;
  /** A leased instance whose lease is missing or ended is tidied after this long (the API
   *  claims before it writes the lease, so a missing lease is normal for a moment). Default 10 min. */
  leaseGraceMs?: number;
}

export type ResolvedInstanceOptions = Required<InstanceControllerOptions>;

export function resolveInstanceOptions(o: InstanceControllerOptions): ResolvedInstanceOptions {
  return {
    pickupMs: o.pickupMs ?? 2_000,
    fullResyncMs: o.fullResyncMs ?? 60_000,
    pollMs: o.pollMs ?? 2_000,
    checkIntervalMs: o.checkIntervalMs ?? 30_000,
    scanMaxAgeMs: o.scanMaxAgeMs ?? 5_000,
    fullScanEveryMs: o.fullScanEveryMs ?? 600_000,
    bootTimeoutMs: o.bootTimeoutMs ?? 1_800_000,
    maxBootAttempts: o.maxBootAttempts ?? 3,
    settleMs: o.settleMs ?? 5_000,
    stuckAfterMs: o.stuckAfterMs ?? 3_600_000,
    failedHoldMs: o.failedHoldMs ?? 600_000,
    leaseGraceMs: o.leaseGraceMs ?? 600_000,
  };
}

/** Everything one reconcile of one instance works with. */
export interface InstanceContext {
  store: InstanceControllerStore;
  driver: CloudDriver;
  watch: ServerWatch;
  now: number;
  opts: ResolvedInstanceOptions;
  log: Logger;
  randomBytes: (n: number) => Uint8Array;
  /** This Drover's installation id: put on what it creates, required of what it adopts. */
  installationId: string;
}

export const PROVISIONING_STATES: InstanceState[] = ['pending', 'booting', 'configuring'];

export interface Step {
  reason: string;
  message: string;
  level?: 'info' | 'warning' | 'error';
}

/** One event per instance step (kind 'instance', subject the instance id). */
export async function recordStep(c: InstanceContext, id: string, step: Step): Promise<void> {
  await c.store.appendEvent({ at: c.now, level: step.level ?? 'info', kind: 'instance', subject: id, reason: step.reason, message: step.message });
}

/**
 * Compare-and-swap from the state the instance was read in, then the event. null: the
 * row moved meanwhile (a claim, the lease controller): nothing is recorded and the
 * caller looks again at once.
 */
export async function transition(
  c: InstanceContext,
  inst: InstanceRecord,
  patch: InstancePatch,
  step?: Step,
): Promise<InstanceRecord | null> {
  const next = await c.store.updateInstance(inst.id, patch, c.now, [inst.state]);
  if (next && step) await recordStep(c, inst.id, step);
  return next;
}

export const AGAIN: ReconcileResult = { requeueAfterMs: 0 };
export const poll = (c: InstanceContext): ReconcileResult => ({ requeueAfterMs: c.opts.pollMs });
export const check = (c: InstanceContext): ReconcileResult => ({ requeueAfterMs: c.opts.checkIntervalMs });

/** Words for the cloud's error in events and lastError; never a secret (drivers keep none in messages). */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
