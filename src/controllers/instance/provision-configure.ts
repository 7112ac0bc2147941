import { floatingIpTag, installationOfFloatingIp, instanceOfFloatingIp, type FloatingIp, type Server } from '../../core/cloud.js';
import { generatePassword } from '../../core/leasing/password.js';
import type { Profile } from '../../core/leasing/types.js';
import type { InstanceRecord } from '../../store/store.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { AGAIN, poll, transition, type InstanceContext } from './instance-context.js';
import { leaseStanding } from './lease-standing.js';
import { provisioningFailed, toDeleting } from './teardown.js';

/** Configuration steps, in order; each is recorded before it acts, so a restart resumes it. */
export const CONFIG_STEPS = ['floating-ip', 'password', 'password-change', 'deploy'] as const;

/** booting: wait for ACTIVE; ERROR or a boot that never ends fails the instance (the pool boots another). */
export async function reconcileBooting(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const server = await c.driver.getServer(inst.serverId!);
  const trouble = provisioningTrouble(c, inst, server);
  if (trouble) return trouble;
  if (server!.status !== 'ACTIVE' || server!.taskState !== null) return poll(c);
  await transition(c, inst, { state: 'configuring', step: 'floating-ip', host: server!.host, addresses: server!.addresses }, {
    reason: 'Active',
    message: `server ${server!.id} is ACTIVE on ${server!.host ?? 'an unknown host'}`,
  });
  return AGAIN;
}

/**
 * configuring: floating IP (when the profile asks), password (set at boot when the
 * row had one then; else set now), deployment (the user-data ran through cloud-init
 * at boot: nothing to wait for through the cloud's API), then ready, or leased when
 * it was booted for a lease that is still waiting.
 */
export async function reconcileConfiguring(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const server = await c.driver.getServer(inst.serverId!);
  const trouble = provisioningTrouble(c, inst, server);
  if (trouble) return trouble;
  if (server!.status !== 'ACTIVE' || server!.taskState !== null) return poll(c);
  const profile = await c.store.getProfile(inst.profile);
  if (!profile) return toDeleting(c, inst, { reason: 'ProfileGone', message: `profile ${inst.profile} no longer exists` });

  let row: InstanceRecord | null = inst;
  if (row.step === 'floating-ip') row = await floatingIpStep(c, row, profile, server!);
  if (row?.step === 'password') row = await passwordStep(c, row, profile);
  if (row?.step === 'password-change') {
    await c.driver.changePassword(server!.id, row.password!);
    row = await c.store.updateInstance(row.id, { step: 'deploy' }, c.now, ['configuring']);
  }
  if (row?.step === 'deploy' || (row && row.step === null)) return finish(c, row);
  return AGAIN;
}

/**
 * The address is allocated with this instance's tag and recorded before it is
 * associated. An address allocated but not recorded (a lost reply, or a restart
 * between the two) is found by its tag and adopted; one associated but not recorded
 * is found on the server. A lost reply to the allocation is thrown: the retry looks first.
 */
async function floatingIpStep(c: InstanceContext, inst: InstanceRecord, profile: Profile, server: Server): Promise<InstanceRecord | null> {
  let fipId = inst.floatingIpId;
  if (profile.floatingIp && !fipId) {
    const mine = findOwnFloatingIp(await c.driver.listFloatingIps(), inst.id, c.installationId, server.id);
    fipId = mine?.id ?? (await c.driver.allocateFloatingIp(undefined, floatingIpTag(inst.id, c.installationId))).id;
    const recorded = await c.store.updateInstance(inst.id, { floatingIpId: fipId }, c.now, ['configuring']);
    if (!recorded) {
      // The row moved on (e.g. to deleting) while we allocated: give the address back.
      if (!mine) await c.driver.releaseFloatingIp(fipId);
      return null;
    }
  }
  if (profile.floatingIp && fipId) await c.driver.associateFloatingIp(fipId, server.id);
  return c.store.updateInstance(inst.id, { step: 'password' }, c.now, ['configuring']);
}

/** The address already on the server, else a free one carrying the instance's tag and this installation's id. */
function findOwnFloatingIp(fips: readonly FloatingIp[], instanceId: string, installationId: string, serverId: string): FloatingIp | undefined {
  return (
    fips.find((f) => f.serverId === serverId) ??
    fips.find((f) => f.serverId === null && instanceOfFloatingIp(f) === instanceId && installationOfFloatingIp(f) === installationId)
  );
}

async function passwordStep(c: InstanceContext, inst: InstanceRecord, profile: Profile): Promise<InstanceRecord | null> {
  if (profile.passwordLength <= 0 || inst.password) return c.store.updateInstance(inst.id, { step: 'deploy' }, c.now, ['configuring']);
  // Not given at boot: record it, then set it (a restart in between sets it again).
  const password = generatePassword(profile.passwordLength, c.randomBytes);
  return c.store.updateInstance(inst.id, { password, step: 'password-change' }, c.now, ['configuring']);
}

async function finish(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const server = await c.driver.getServer(inst.serverId!);
  if (!server) return AGAIN;
  const standing = await leaseStanding(c, inst);
  const forLease = standing === 'waiting' || standing === 'held' || standing === 'young';
  const took = Math.round((c.now - inst.createdAt) / 1000);
  await transition(
    c,
    inst,
    { state: forLease ? 'leased' : 'ready', leaseId: forLease ? inst.leaseId : null, step: null, readyAt: c.now, host: server.host, addresses: server.addresses, attempts: 0, lastError: null },
    { reason: 'Ready', message: `ready after ${took} s${forLease ? `, for lease ${inst.leaseId}` : ''}` },
  );
  return AGAIN;
}

/** What ends provisioning early: the server vanished, went to ERROR, or never finished. */
function provisioningTrouble(c: InstanceContext, inst: InstanceRecord, server: Server | null): Promise<ReconcileResult> | null {
  if (!server) return toDeleting(c, inst, { level: 'warning', reason: 'ServerVanished', message: `server ${inst.serverId} disappeared while ${inst.state}` });
  if (server.status === 'ERROR') return provisioningFailed(c, inst, `server ${server.id} went to ERROR while ${inst.state}: ${server.fault ?? 'no fault given'}`);
  if (c.now - inst.createdAt > c.opts.bootTimeoutMs) {
    return provisioningFailed(c, inst, `not ready ${Math.round(c.opts.bootTimeoutMs / 60_000)} min after it was requested (server ${server.status})`);
  }
  return null;
}
