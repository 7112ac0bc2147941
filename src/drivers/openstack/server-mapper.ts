import type { Server, ServerAddress, ServerStatus } from '../../core/cloud.js';
import { novaTime, type NovaServer } from './nova-types.js';

const STATUSES: ReadonlySet<string> = new Set<ServerStatus>([
  'BUILD', 'ACTIVE', 'SHUTOFF', 'ERROR', 'MIGRATING', 'REBUILD', 'REBOOT', 'HARD_REBOOT', 'RESIZE',
  'VERIFY_RESIZE', 'PAUSED', 'SUSPENDED', 'SHELVED', 'SHELVED_OFFLOADED', 'DELETED', 'UNKNOWN',
]);

/** Nova statuses outside Drover's set (RESCUE, PASSWORD, SOFT_DELETED, REVERT_RESIZE...) read as UNKNOWN. */
export function serverStatus(s: string): ServerStatus {
  return STATUSES.has(s) ? (s as ServerStatus) : s === 'SOFT_DELETED' ? 'DELETED' : 'UNKNOWN';
}

export function serverAddresses(addresses: NovaServer['addresses']): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const [network, list] of Object.entries(addresses ?? {})) {
    for (const a of list) out.push({ network, ip: a.addr, type: a['OS-EXT-IPS:type'] === 'floating' ? 'floating' : 'fixed' });
  }
  return out;
}

/**
 * Nova's server as Drover's. From 2.47 Nova embeds the flavor without its id, so
 * `flavorIdByName` maps the embedded `original_name` back (the name itself when the
 * flavor was deleted since).
 */
export function toServer(s: NovaServer, flavorIdByName: (name: string) => string | undefined): Server {
  const f = s.flavor ?? {};
  const flavorId = f.id ?? (f.original_name ? flavorIdByName(f.original_name) ?? f.original_name : '');
  return {
    id: s.id,
    name: s.name,
    status: serverStatus(s.status),
    taskState: s['OS-EXT-STS:task_state'] ?? null,
    host: s['OS-EXT-SRV-ATTR:host'] ?? null,
    availabilityZone: s['OS-EXT-AZ:availability_zone'] || null,
    flavorId,
    imageId: s.image && typeof s.image === 'object' ? s.image.id : null,
    metadata: { ...(s.metadata ?? {}) },
    addresses: serverAddresses(s.addresses),
    createdAt: novaTime(s.created),
    updatedAt: novaTime(s.updated),
    fault: s.fault?.message ?? null,
  };
}
