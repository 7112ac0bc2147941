import type { HostInfo, Resources } from '../../core/cloud.js';
import { novaTime, type NovaHypervisor, type NovaService } from './nova-types.js';
import type { ProviderCapacity } from './placement.js';

const CLASSES = { vcpus: 'VCPU', ramMb: 'MEMORY_MB', diskGb: 'DISK_GB' } as const;

/**
 * One host from Nova's service and hypervisor records and, when present, its Placement
 * resource provider (same UUID as the hypervisor from 2.53). Capacity is Placement's
 * `total - reserved` per class, overcommit its `allocation_ratio`, usage its usages;
 * without Placement the hypervisor's own stats (before 2.88) with ratios of 1.
 * The cloud knows nothing of BMC power or network probes: those stay unknown.
 */
export function toHostInfo(hv: NovaHypervisor, svc: NovaService | undefined, cap: ProviderCapacity | null, now: number): HostInfo {
  let capacity: Resources;
  let used: Resources;
  let overcommit = { cpu: 1, ram: 1, disk: 1 };
  if (cap) {
    const inv = (k: keyof typeof CLASSES) => cap.inventories[CLASSES[k]];
    const free = (k: keyof typeof CLASSES) => Math.max(0, (inv(k)?.total ?? 0) - (inv(k)?.reserved ?? 0));
    capacity = { vcpus: free('vcpus'), ramMb: free('ramMb'), diskGb: free('diskGb') };
    used = { vcpus: cap.usages.VCPU ?? 0, ramMb: cap.usages.MEMORY_MB ?? 0, diskGb: cap.usages.DISK_GB ?? 0 };
    overcommit = {
      cpu: inv('vcpus')?.allocation_ratio ?? 1,
      ram: inv('ramMb')?.allocation_ratio ?? 1,
      disk: inv('diskGb')?.allocation_ratio ?? 1,
    };
  } else {
    capacity = { vcpus: hv.vcpus ?? 0, ramMb: hv.memory_mb ?? 0, diskGb: hv.local_gb ?? 0 };
    used = { vcpus: hv.vcpus_used ?? 0, ramMb: hv.memory_mb_used ?? 0, diskGb: hv.local_gb_used ?? 0 };
  }
  const beat = novaTime(svc?.updated_at);
  return {
    name: hv.service.host,
    availabilityZone: svc?.zone ?? 'nova',
    capacity,
    overcommit,
    used,
    servers: hv.servers?.length ?? hv.running_vms ?? 0,
    service: {
      state: (svc?.state ?? hv.state) === 'up' ? 'up' : 'down',
      enabled: (svc?.status ?? hv.status) === 'enabled',
      disabledReason: svc?.disabled_reason ?? hv.service.disabled_reason ?? null,
      forcedDown: svc?.forced_down ?? false,
      heartbeatAgeS: Number.isFinite(beat) ? Math.max(0, Math.round((now - beat) / 1000)) : null,
    },
    power: 'unknown',
    networks: { management: null, storage: null, tenant: null },
    load: { cpu: null, ram: null },
  };
}
