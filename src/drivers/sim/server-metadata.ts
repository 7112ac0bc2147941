import { requireState } from './sim-server.js';
import type { SimWorld } from './sim-world.js';

/**
 * Replaces a server's metadata, as `openstack server set --property` / Nova's
 * `PUT /servers/{id}/metadata` by an operator would. Not on CloudDriver (Drover tags a
 * server once, at boot); here so that a retagged server can be simulated. Nova allows
 * it only in a stable state with no task running; the change counts for changes-since.
 */
export function setServerMetadata(w: SimWorld, id: string, metadata: Readonly<Record<string, string>>): void {
  const s = w.server(id);
  requireState(s, 'update_instance_metadata', ['ACTIVE', 'SHUTOFF']);
  w.servers.setMetadata(s, metadata);
  w.touchServer(s);
}
