import { DROVER_INSTALLATION_TAG, DROVER_INSTANCE_TAG, type Server } from '../../core/cloud.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';

/**
 * Whose a Drover-tagged server or address is, by the installation id it carries:
 * this Drover's, another Drover's sharing the project, or unmarked (booted by a Drover
 * from before installation ids; it may be ours or another's, so nothing deletes or
 * adopts it on its tag alone).
 */
export type Ownership = 'ours' | 'another' | 'unmarked';

export function ownership(carried: string | null | undefined, ours: string): Ownership {
  if (!carried) return 'unmarked';
  return carried === ours ? 'ours' : 'another';
}

/** Whose a server carrying Drover's instance tag is. */
export function serverOwnership(server: Server, ours: string): Ownership {
  return ownership(server.metadata[DROVER_INSTALLATION_TAG], ours);
}

/**
 * Every live server of this installation that carries this instance's tag. Normally
 * none or one; more than one when a boot call's reply was lost and the boot was sent
 * again, which is why pending instances look here before booting and deleting ones
 * delete all of them. Another installation's server with the same tag is never
 * returned: it is not ours to adopt or delete.
 */
export async function taggedServers(driver: CloudDriver, instanceId: string, installationId: string): Promise<Server[]> {
  const { servers } = await driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: instanceId } });
  return servers.filter(
    (s) => s.status !== 'DELETED' && s.metadata[DROVER_INSTANCE_TAG] === instanceId && serverOwnership(s, installationId) === 'ours',
  );
}

/** Oldest first, preferring servers that are not in ERROR: the one to keep among duplicates. */
export function keeperFirst(servers: readonly Server[]): Server[] {
  return [...servers].sort((a, b) => Number(a.status === 'ERROR') - Number(b.status === 'ERROR') || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
