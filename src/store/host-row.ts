import type { Insertable, Selectable } from 'kysely';
import type { HostInfo } from '../core/cloud.js';
import type { HostsTable } from './schema.js';
import type { HostRecord } from './store.js';

type HostRow = Selectable<HostsTable>;

const bool = (b: boolean): number => (b ? 1 : 0);
// `== null`: a driver that leaves an optional field out means "unknown", as null does.
const tri = (b: boolean | null | undefined): number | null => (b == null ? null : bool(b));
const fromTri = (n: number | null): boolean | null => (n === null ? null : n !== 0);

export function toHostRow(cloud: string, h: HostInfo, at: number): Insertable<HostsTable> & HostRow {
  return {
    cloud,
    name: h.name,
    availability_zone: h.availabilityZone,
    capacity_vcpus: h.capacity.vcpus,
    capacity_ram_mb: h.capacity.ramMb,
    capacity_disk_gb: h.capacity.diskGb,
    overcommit_cpu: h.overcommit.cpu,
    overcommit_ram: h.overcommit.ram,
    overcommit_disk: h.overcommit.disk,
    used_vcpus: h.used.vcpus,
    used_ram_mb: h.used.ramMb,
    used_disk_gb: h.used.diskGb,
    servers: h.servers,
    service_state: h.service.state,
    service_enabled: bool(h.service.enabled),
    service_disabled_reason: h.service.disabledReason ?? null,
    service_forced_down: bool(h.service.forcedDown),
    service_heartbeat_age_s: h.service.heartbeatAgeS ?? null,
    power: h.power,
    net_management: tri(h.networks.management),
    net_storage: tri(h.networks.storage),
    net_tenant: tri(h.networks.tenant),
    load_cpu: h.load.cpu ?? null,
    load_ram: h.load.ram ?? null,
    updated_at: at,
  };
}

/** Whether two rows describe the same host state (identity and updated_at aside). */
export function sameHostContent(a: HostRow, b: HostRow): boolean {
  for (const key of Object.keys(a) as (keyof HostRow)[]) {
    if (key === 'updated_at') continue;
    if (a[key] !== b[key]) return false;
  }
  return true;
}

export function toHostRecord(r: HostRow): HostRecord {
  return {
    id: `${r.cloud}/${r.name}`,
    cloud: r.cloud,
    name: r.name,
    availabilityZone: r.availability_zone,
    capacity: { vcpus: r.capacity_vcpus, ramMb: r.capacity_ram_mb, diskGb: r.capacity_disk_gb },
    overcommit: { cpu: r.overcommit_cpu, ram: r.overcommit_ram, disk: r.overcommit_disk },
    used: { vcpus: r.used_vcpus, ramMb: r.used_ram_mb, diskGb: r.used_disk_gb },
    servers: r.servers,
    service: {
      state: r.service_state as HostRecord['service']['state'],
      enabled: r.service_enabled !== 0,
      disabledReason: r.service_disabled_reason,
      forcedDown: r.service_forced_down !== 0,
      heartbeatAgeS: r.service_heartbeat_age_s,
    },
    power: r.power as HostRecord['power'],
    networks: {
      management: fromTri(r.net_management),
      storage: fromTri(r.net_storage),
      tenant: fromTri(r.net_tenant),
    },
    load: { cpu: r.load_cpu, ram: r.load_ram },
    updatedAt: r.updated_at,
  };
}
