import { DROVER_INSTALLATION_TAG, DROVER_INSTANCE_TAG, type Server } from '../../core/cloud.js';
import { isDriverError, NotFoundError } from '../../core/errors.js';
import type { Profile } from '../../core/leasing/types.js';
import { generatePassword } from '../../core/leasing/password.js';
import { renderUserData } from '../../core/leasing/user-data.js';
import type { InstanceRecord } from '../../store/store.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { CloudCatalog } from '../shared/cloud-catalog.js';
import { AGAIN, describe, poll, recordStep, transition, type InstanceContext } from './instance-context.js';
import { keeperFirst, taggedServers } from './tagged-servers.js';
import { provisioningFailed, toDeleting } from './teardown.js';

/**
 * pending: the row exists, the server may or may not. A server carrying this
 * instance's tag and this installation's id is adopted (the process died between the boot call and recording
 * it); otherwise the boot is recorded first (image, flavor, password: the intent) and
 * then requested. A lost reply to the boot is not retried blindly: the next pass finds
 * the server by its tag.
 */
export async function reconcilePending(c: InstanceContext, inst: InstanceRecord): Promise<ReconcileResult> {
  const profile = await c.store.getProfile(inst.profile);
  if (!profile) return toDeleting(c, inst, { reason: 'ProfileGone', message: `profile ${inst.profile} no longer exists` });

  const found = await taggedServers(c.driver, inst.id, c.installationId);
  if (found.length > 0) return adopt(c, inst, found);

  const catalog = new CloudCatalog(c.driver);
  const build = await catalog.resolve(profile);
  if ('problem' in build) return provisioningFailed(c, inst, build.problem);
  let networks: string[] | 'auto';
  try {
    networks = await catalog.networkIds(profile.networks);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return provisioningFailed(c, inst, describe(error));
  }

  const name = serverName(profile, inst.id);
  let userData: string | undefined;
  try {
    userData = profile.userData ? renderUserData(profile.userData, { instance: inst.id, profile: profile.name, cloud: inst.cloud, hostname: name }) : undefined;
  } catch (error) {
    return provisioningFailed(c, inst, describe(error));
  }

  const password = inst.password ?? (profile.passwordLength > 0 ? generatePassword(profile.passwordLength, c.randomBytes) : null);
  const intent = await c.store.updateInstance(
    inst.id,
    { imageId: build.image.id, flavorId: build.flavor.id, vcpus: build.flavor.vcpus, ramMb: build.flavor.ramMb, password, step: 'boot' },
    c.now,
    ['pending'],
  );
  if (!intent) return AGAIN;

  let server: Server;
  try {
    server = await c.driver.createServer({
      name,
      flavorId: build.flavor.id,
      imageId: build.image.id,
      networks,
      metadata: {
        [DROVER_INSTANCE_TAG]: inst.id,
        [DROVER_INSTALLATION_TAG]: c.installationId,
        'drover:profile': profile.name,
        'drover:cloud': inst.cloud,
      },
      ...(profile.keyName ? { keyName: profile.keyName } : {}),
      ...(userData !== undefined ? { userData } : {}),
      ...(password ? { adminPass: password } : {}),
      ...(profile.securityGroups.length > 0 ? { securityGroups: profile.securityGroups } : {}),
    });
  } catch (error) {
    // Transient (perhaps a lost reply): throw, and the retry looks for the tag first.
    if (!isDriverError(error) || error.kind === 'transient') throw error;
    return bootRefused(c, intent, describe(error));
  }

  const booting = await transition(c, intent, { state: 'booting', serverId: server.id, host: server.host, step: null, lastError: null }, {
    reason: 'Booting',
    message: `server ${server.id} requested (image ${build.image.name}, flavor ${build.flavor.name})`,
  });
  // Lost the row (it was sent to deleting meanwhile): the deleting step finds the server by its tag.
  return booting ? poll(c) : AGAIN;
}

export function serverName(profile: Profile, instanceId: string): string {
  return `drover-${profile.name}-${instanceId.replace(/^i-/, '').slice(0, 8)}`;
}

async function adopt(c: InstanceContext, inst: InstanceRecord, found: Server[]): Promise<ReconcileResult> {
  const [keep, ...extra] = keeperFirst(found);
  for (const dup of extra) await c.driver.deleteServer(dup.id);
  await transition(
    c,
    inst,
    { state: 'booting', serverId: keep!.id, host: keep!.host, imageId: keep!.imageId ?? inst.imageId, flavorId: keep!.flavorId, step: null },
    {
      reason: 'Adopted',
      message: `found server ${keep!.id} carrying this instance's tag (a boot not recorded before a restart)` +
        (extra.length > 0 ? `; deleted ${extra.length} duplicate(s)` : ''),
    },
  );
  return AGAIN;
}

/** The cloud refused the boot outright: count it, and fail after a few. */
async function bootRefused(c: InstanceContext, inst: InstanceRecord, why: string): Promise<ReconcileResult> {
  const attempts = inst.attempts + 1;
  if (attempts >= c.opts.maxBootAttempts) return provisioningFailed(c, inst, `boot refused ${attempts} times: ${why}`);
  const next = await c.store.updateInstance(inst.id, { attempts, lastError: why, step: null }, c.now, ['pending']);
  if (next) await recordStep(c, inst.id, { level: 'warning', reason: 'BootRefused', message: `boot refused (attempt ${attempts}/${c.opts.maxBootAttempts}): ${why}` });
  return { requeueAfterMs: c.opts.pollMs * 2 ** attempts };
}
