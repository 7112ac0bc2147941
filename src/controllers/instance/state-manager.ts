import type { Server } from '../../core/cloud.js';
import type { InstanceRecord } from '../../store/store.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { RESTART_STEP } from '../shared/instance-steps.js';
import { AGAIN, check, poll, transition, type InstanceContext } from './instance-context.js';
import { leaseStanding, wasHandedOut } from './lease-standing.js';
import { beginRecovery } from './recovery-actions.js';
import { isBusy } from './server-health.js';
import { toDeleting } from './teardown.js';

/** Recorded while the stop the lease controller asked for is under way. */
const STOPPING_STEP = 'stopping';

/**
 * The state manager, for ready, leased and stopped instances: is the server in the
 * state it should be in (ACTIVE; SHUTOFF when stopped)? The first look comes from the
 * shared bulk listing; anything abnormal is confirmed with getServer before it is
 * acted on. Ready ones found broken go through the recovery ladder.
 */
export async function reconcileInService(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  if (inst.state !== 'ready') {
    const tidied = await tidyLease(c, inst);
    if (tidied) return tidied;
  }
  if (inst.state === 'leased' && inst.step === RESTART_STEP) return restart(c, inst);

  const expected = inst.state === 'stopped' ? 'SHUTOFF' : 'ACTIVE';
  const seen = await c.watch.server(inst.cloud, c.driver, inst.serverId!, c.now);
  if (seen && inst.step === null && seen.status === expected && !isBusy(seen)) return keepFresh(c, inst, seen);

  const server = await c.driver.getServer(inst.serverId!);
  if (server && !isBusy(server)) {
    if (inst.state === 'stopped') return keepStopped(c, inst, server);
    if (server.status === 'ACTIVE') return keepFresh(c, inst, server);
  }
  if (server && inst.step === STOPPING_STEP && isBusy(server)) return poll(c);
  // Broken, gone, or in a transition (which the ladder waits out unless it is stuck).
  return beginRecovery(c, inst, server);
}

/** Healthy: note a move (host, addresses) and clear the recovery count. */
async function keepFresh(c: InstanceContext, inst: InstanceRecord, server: Server): Promise<ReconcileResult> {
  const moved = server.host !== inst.host || JSON.stringify(server.addresses) !== JSON.stringify(inst.addresses);
  if (moved || inst.attempts > 0 || inst.step !== null) {
    await c.store.updateInstance(inst.id, { host: server.host, addresses: server.addresses, attempts: 0, step: null }, c.now, [inst.state]);
  }
  return check(c);
}

/** An important lease expired: the lease controller marked it stopped; the stop is ours to make and watch. */
async function keepStopped(c: InstanceContext, inst: InstanceRecord, server: Server): Promise<ReconcileResult> {
  if (server.status === 'SHUTOFF') {
    if (inst.step === STOPPING_STEP) await transition(c, inst, { step: null, attempts: 0 }, { reason: 'Stopped', message: `server ${server.id} is SHUTOFF` });
    return check(c);
  }
  if (server.status === 'ACTIVE') {
    const rec = await transition(c, inst, { step: STOPPING_STEP }, inst.step === STOPPING_STEP ? undefined : { reason: 'Stopping', message: `stopping server ${server.id}` });
    if (rec) await c.driver.stopServer(server.id);
    return poll(c);
  }
  return beginRecovery(c, inst, server);
}

/** A renewed grace lease: start the server again, then clear the ask. */
async function restart(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const server = await c.driver.getServer(inst.serverId!);
  if (!server) return beginRecovery(c, inst, null);
  if (isBusy(server)) return poll(c);
  if (server.status === 'SHUTOFF') {
    await c.driver.startServer(server.id);
    return poll(c);
  }
  if (server.status === 'ACTIVE') {
    await transition(c, inst, { step: null }, { reason: 'Restarted', message: `server ${server.id} is ACTIVE again` });
    return check(c);
  }
  return beginRecovery(c, inst, server);
}

/**
 * A leased or stopped instance tied to a lease that does not hold it: a crash left
 * it so (the lease controller normally moves it on). One that was handed out is
 * deleted; one that never was goes back to the pool.
 */
async function tidyLease(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult | null> {
  const standing = await leaseStanding(c, inst);
  if (standing !== 'ended' && standing !== 'elsewhere' && standing !== 'none') return null;
  if (inst.state === 'stopped' || (await wasHandedOut(c, inst))) {
    return toDeleting(c, inst, { reason: 'LeaseEnded', message: `lease ${inst.leaseId ?? '(none)'} no longer holds this instance` });
  }
  await transition(c, inst, { state: 'ready', leaseId: null, step: null }, { reason: 'Unclaimed', message: `lease ${inst.leaseId ?? '(none)'} never took this instance: back to the pool` });
  return AGAIN;
}
