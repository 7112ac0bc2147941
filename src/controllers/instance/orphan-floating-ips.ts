import { instanceOfFloatingIp, type FloatingIp } from '../../core/cloud.js';
import type { InstanceState } from '../../core/leasing/types.js';
import { PROVISIONING_STATES, type InstanceControllerStore } from './instance-context.js';

/** Every state but deleted: a row that may still hold a server. */
const LIVE: InstanceState[] = ['pending', 'booting', 'configuring', 'ready', 'leased', 'stopped', 'recovering', 'failed', 'deleting'];

/**
 * Why a floating IP carrying Drover's tag is an orphan, or null when it is not (or is
 * not Drover's). An orphan's instance row is missing or deleted or of another cloud,
 * or the row records another address, or none although its configuration is over (an
 * allocation whose reply was lost, then allocated again). An address associated with
 * a server that a live row records is never an orphan, whatever its tag says.
 *
 * Safe against the instance controller: the row exists before any allocation, and
 * while the row is provisioning without a recorded address, a tagged one is the one
 * it is about to adopt.
 */
export async function orphanedFloatingIp(
  store: Pick<InstanceControllerStore, 'getInstance' | 'listInstances'>,
  cloud: string,
  fip: FloatingIp,
): Promise<string | null> {
  const id = instanceOfFloatingIp(fip);
  if (id === null) return null;
  if (fip.serverId !== null) {
    const holders = await store.listInstances({ cloud, serverId: fip.serverId, states: LIVE });
    if (holders.length > 0) return null;
  }
  const row = await store.getInstance(id);
  if (!row) return `no instance ${id} is recorded`;
  if (row.state === 'deleted') return `instance ${id} is deleted`;
  if (row.cloud !== cloud) return `instance ${id} belongs to cloud ${row.cloud}`;
  if (row.floatingIpId !== null && row.floatingIpId !== fip.id) return `instance ${id} has floating IP ${row.floatingIpId}: this one is a duplicate`;
  if (row.floatingIpId === null && !PROVISIONING_STATES.includes(row.state)) return `instance ${id} is ${row.state} and records no floating IP: this one is a duplicate`;
  return null;
}
