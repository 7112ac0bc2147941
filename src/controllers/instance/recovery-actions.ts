import type { Server } from '../../core/cloud.js';
import { isDriverError } from '../../core/errors.js';
import { nextRecoveryStep, type ObservedServer, type RecoveryAction } from '../../core/leasing/recovery.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import type { InstanceRecord } from '../../store/store.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { AGAIN, check, describe, poll, recordStep, transition, type InstanceContext } from './instance-context.js';
import { giveUp, toDeleting } from './teardown.js';

/** Where a recovered instance returns: ready when pooled, else leased, or stopped while its lease is in grace. */
async function returnState(c: InstanceContext, inst: InstanceRecord): Promise<'ready' | 'leased' | 'stopped'> {
  if (!inst.leaseId) return 'ready';
  const lease = await c.store.getLease(inst.leaseId);
  return lease?.state === 'grace' ? 'stopped' : 'leased';
}

/**
 * A ready, leased or stopped instance whose server is not in the status it should be
 * in (or is gone): take the first rung of the ladder.
 */
export function beginRecovery(c: InstanceContext, inst: InstanceRecord, server: Server | null): Promise<ReconcileResult> {
  return climb(c, inst, server, inst.state === 'stopped' ? 'SHUTOFF' : 'ACTIVE');
}

/**
 * recovering: the recorded action (`step`) was sent. Wait while the cloud works on
 * it (and at least `settleMs`, so a cloud slow to show the task is not judged too
 * early); then the server is either back, and the instance returns to where it was,
 * or it is not, and the next rung is taken.
 */
export async function reconcileRecovering(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const server = await c.driver.getServer(inst.serverId!);
  if (server && c.now - inst.updatedAt < c.opts.settleMs) return poll(c);
  const back = await returnState(c, inst);
  return climb(c, inst, server, back === 'stopped' ? 'SHUTOFF' : 'ACTIVE', back);
}

/**
 * One decision of core's ladder (nextRecoveryStep), acted on: each action is recorded
 * (state recovering, attempts, step, an event) before the call is made.
 */
async function climb(
  c: InstanceContext,
  inst: InstanceRecord,
  server: Server | null,
  expected: 'ACTIVE' | 'SHUTOFF',
  back?: 'ready' | 'leased' | 'stopped',
): Promise<ReconcileResult> {
  const observed: ObservedServer = server
    ? { status: server.status, taskState: server.taskState, forMs: Math.max(0, c.now - server.updatedAt) }
    : { status: 'MISSING', taskState: null };
  const step = nextRecoveryStep(inst, observed, expected, { stuckAfterMs: c.opts.stuckAfterMs });
  const fault = server?.fault ? ` (${server.fault})` : '';
  switch (step.kind) {
    case 'healthy':
      if (inst.state !== 'recovering' || !back) return check(c);
      await transition(c, inst, { state: back, step: null, attempts: 0, lastError: null }, {
        reason: 'Recovered',
        message: `server ${server?.id} is ${server?.status} again after ${inst.step ?? 'recovery'} (attempt ${inst.attempts})`,
      });
      return AGAIN;
    case 'wait':
      return inst.state === 'recovering' ? poll(c) : check(c);
    case 'replace':
      return toDeleting(c, inst, { level: 'warning', reason: server ? 'Replaced' : 'ServerVanished', message: `${step.reason}${fault}: replaced` });
    case 'give-up':
      return giveUp(c, inst, `${step.reason}${fault}`);
    default: {
      const rec = await transition(c, inst, { state: 'recovering', step: step.kind, attempts: step.attempts, lastError: `${step.reason}${fault}` }, {
        level: 'warning',
        reason: 'Recovery',
        message: `${step.reason}${fault}`,
      });
      if (!rec || !server) return AGAIN;
      try {
        await act(c.driver, server.id, step.kind, inst.imageId);
      } catch (error) {
        // Recorded, not retried as is: the next pass judges the server and moves on a rung.
        if (!isDriverError(error)) throw error;
        await recordStep(c, inst.id, { level: 'warning', reason: 'RecoveryCallFailed', message: `${step.kind}: ${describe(error)}` });
      }
      return poll(c);
    }
  }
}

async function act(driver: CloudDriver, serverId: string, action: RecoveryAction, imageId: string | null): Promise<void> {
  switch (action) {
    case 'start':
      return driver.startServer(serverId);
    case 'stop':
      return driver.stopServer(serverId);
    case 'reboot-soft':
      return driver.rebootServer(serverId, 'soft');
    case 'reboot-hard':
      return driver.rebootServer(serverId, 'hard');
    case 'rebuild':
      return driver.rebuildServer(serverId, imageId ?? undefined);
  }
}
