import { installationOfFloatingIp, instanceOfFloatingIp } from '../../core/cloud.js';
import type { InstanceRecord } from '../../store/store.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { AGAIN, check, describe, poll, recordStep, transition, type InstanceContext, type Step } from './instance-context.js';
import { leaseStanding } from './lease-standing.js';
import { ownership, taggedServers } from './tagged-servers.js';

/** The instance is not wanted any more: the deleting step releases and deletes what it holds. */
export async function toDeleting(c: InstanceContext, inst: InstanceRecord, step: Step): Promise<ReconcileResult> {
  await transition(c, inst, { state: 'deleting', step: null }, step);
  return AGAIN;
}

/**
 * Provisioning gave up. The row stays 'failed' for `failedHoldMs` (its cloud resources
 * are released at once): it counts against the pool's m meanwhile, so a cloud that
 * refuses every boot is not asked again in a tight loop. A reservation for a waiting
 * lease is dropped, so that the pool boots another instance for it.
 */
export async function provisioningFailed(c: InstanceContext, inst: InstanceRecord, why: string): Promise<ReconcileResult> {
  await transition(c, inst, { state: 'failed', lastError: why, leaseId: null, step: null }, { level: 'warning', reason: 'ProvisioningFailed', message: why });
  return AGAIN;
}

/**
 * A leased instance that could not be recovered: kept 'failed' for its lease (the
 * holder may want to look at it; the lease controller reclaims it with the lease, and
 * a replacement, POST /v1/leases/{id}/replace, sends it to deleting at once), and the
 * holder is told how to get a working VM back.
 */
export async function giveUp(c: InstanceContext, inst: InstanceRecord, why: string): Promise<ReconcileResult> {
  const next = await transition(c, inst, { state: 'failed', lastError: why, step: null }, { level: 'error', reason: 'GaveUp', message: `given up: ${why}` });
  const lease = next && inst.leaseId ? await c.store.getLease(inst.leaseId) : null;
  if (lease) {
    await c.store.enqueueNotification({
      userId: lease.userId,
      kind: 'instance.failed',
      subject: `Lease ${lease.id}: its VM failed and could not be recovered`,
      body:
        `The VM of your lease ${lease.id} (profile ${lease.profile}, instance ${inst.id}) failed: ${why}.\n` +
        `Drover tried to recover it and has given up. Get a new VM under the same lease (same expiry, ` +
        `renewals and importance) with \`drover replace ${lease.id}\`; the failed one is then deleted.`,
      data: { leaseId: lease.id, instanceId: inst.id, profile: lease.profile, cloud: lease.cloud, reason: why },
      createdAt: c.now,
    });
  }
  return AGAIN;
}

/** failed: a pooled one releases its resources, then is deleted after the hold; a leased one waits for its lease. */
export async function reconcileFailed(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  if (inst.leaseId) {
    const standing = await leaseStanding(c, inst);
    if (standing === 'ended') return toDeleting(c, inst, { reason: 'LeaseEnded', message: `lease ${inst.leaseId} has ended` });
    return check(c);
  }
  if (inst.step !== 'released') {
    await releaseAll(c, inst);
    await c.store.updateInstance(inst.id, { step: 'released' }, c.now, ['failed']);
  }
  const left = inst.updatedAt + c.opts.failedHoldMs - c.now;
  if (left > 0) return { requeueAfterMs: left };
  return toDeleting(c, inst, { reason: 'FailedCleared', message: `failed ${Math.round(c.opts.failedHoldMs / 1000)} s ago: removed` });
}

/**
 * deleting: release the floating IP, delete every server of the instance (the
 * recorded one and any carrying its tag), and record 'deleted' once the cloud shows
 * none left. Each pass repeats what is not done yet; all of it is idempotent.
 */
export async function reconcileDeleting(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const left = await releaseAll(c, inst);
  if (left > 0) return poll(c);
  await transition(c, inst, { state: 'deleted', step: null, floatingIpId: null }, { reason: 'Deleted', message: 'server and addresses released' });
  return {};
}

/** Releases floating IPs and asks for every server's deletion; returns how many servers are still there. */
async function releaseAll(c: InstanceContext, inst: InstanceRecord): Promise<number> {
  const servers = await taggedServers(c.driver, inst.id, c.installationId);
  if (inst.serverId && !servers.some((s) => s.id === inst.serverId)) {
    const recorded = await c.driver.getServer(inst.serverId);
    if (recorded) servers.push(recorded);
  }
  const serverIds = new Set(servers.map((s) => s.id));
  const fips = new Set<string>(inst.floatingIpId ? [inst.floatingIpId] : []);
  // An address never recorded (a lost reply, a restart before the write) is found by its
  // server when it was associated, else by its tag while it is free (an address with this
  // tag on another server is that server's now).
  for (const f of await c.driver.listFloatingIps()) {
    const tagged = instanceOfFloatingIp(f) === inst.id && ownership(installationOfFloatingIp(f), c.installationId) === 'ours';
    if (f.serverId ? serverIds.has(f.serverId) : tagged) fips.add(f.id);
  }
  for (const id of fips) await c.driver.releaseFloatingIp(id);
  if (inst.floatingIpId) await c.store.updateInstance(inst.id, { floatingIpId: null }, c.now, [inst.state]);
  for (const s of servers) {
    if (s.taskState === 'deleting') continue;
    try {
      await c.driver.deleteServer(s.id);
    } catch (error) {
      await recordStep(c, inst.id, { level: 'warning', reason: 'DeleteFailed', message: `deleting server ${s.id}: ${describe(error)}` });
      throw error;
    }
  }
  return servers.length;
}
