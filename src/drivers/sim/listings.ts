import type { HostInfo, Server } from '../../core/cloud.js';
import type { HostListing, ServerFilter, ServerListing } from '../cloud-driver.js';
import { toServer } from './sim-server.js';
import type { SimHost } from './sim-host.js';
import type { SimWorld } from './sim-world.js';

/**
 * Listings and their cursors. A cursor is the cloud's change counter at the time of
 * the listing; every change to a host or server takes the next counter value, so
 * "changed since" is exact (no clock skew, no same-millisecond ties). A host whose
 * only change is its growing heartbeat age is not "changed"; its service flipping
 * to down is. An unreadable cursor gives a full listing. Deleted servers appear in
 * changes-since listings until the tombstone retention forgets them (ServerTable).
 */

export function hostInfo(w: SimWorld, h: SimHost): HostInfo {
  return h.toInfo(w.now(), w.o, w.demand(h));
}

export function listHosts(w: SimWorld, cursor?: string): HostListing {
  const since = parseCursor(cursor);
  const hosts: HostInfo[] = [];
  for (const h of w.hosts.values()) if (since === null || h.version > since) hosts.push(hostInfo(w, h));
  return { hosts, full: since === null, cursor: String(w.seq) };
}

export function listServers(w: SimWorld, filter: ServerFilter = {}): ServerListing {
  const since = parseCursor(filter.changesSince);
  const servers: Server[] = [];
  // The table narrows the walk (live servers, a tag's servers, or the changes since);
  // the test below is still the whole definition of what a listing returns.
  for (const s of w.servers.candidates(since, filter.metadata)) {
    if (since === null ? s.deleted : s.version <= since) continue;
    if (filter.host !== undefined && s.host !== filter.host) continue;
    if (filter.metadata !== undefined && !Object.entries(filter.metadata).every(([k, v]) => s.metadata[k] === v)) continue;
    servers.push(toServer(s));
  }
  return { servers, cursor: String(w.seq) };
}

function parseCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || !/^\d{1,15}$/.test(cursor)) return null;
  return Number(cursor);
}
