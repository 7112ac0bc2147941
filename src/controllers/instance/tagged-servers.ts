import { DROVER_INSTANCE_TAG, type Server } from '../../core/cloud.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';

/**
 * Every live server that carries this instance's tag. Normally none or one; more than
 * one when a boot call's reply was lost and the boot was sent again, which is why
 * pending instances look here before booting and deleting ones delete all of them.
 */
export async function taggedServers(driver: CloudDriver, instanceId: string): Promise<Server[]> {
  const { servers } = await driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: instanceId } });
  return servers.filter((s) => s.status !== 'DELETED' && s.metadata[DROVER_INSTANCE_TAG] === instanceId);
}

/** Oldest first, preferring servers that are not in ERROR: the one to keep among duplicates. */
export function keeperFirst(servers: readonly Server[]): Server[] {
  return [...servers].sort((a, b) => Number(a.status === 'ERROR') - Number(b.status === 'ERROR') || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
