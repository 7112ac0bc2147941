import type { HostInfo } from '../../core/cloud.js';
import { DriverError, isDriverError } from '../../core/errors.js';
import type { ComputeServicesApi } from './compute-services.js';
import { toHostInfo } from './host-mapper.js';
import type { NovaHypervisor } from './nova-types.js';
import type { PlacementApi, ProviderCapacity } from './placement.js';

/**
 * Hosts = nova-compute services joined with hypervisors and Placement providers.
 * A listing costs one services call, one hypervisors call, one provider listing and
 * two Placement calls per host (Placement has no bulk inventory call).
 */
export class Hosts {
  #placementMissing = false;

  constructor(
    private readonly services: ComputeServicesApi,
    private readonly placement: PlacementApi,
    private readonly now: () => number,
  ) {}

  async list(only?: string): Promise<HostInfo[]> {
    const [services, hypervisors] = await Promise.all([this.services.listServices(only), this.services.listHypervisors()]);
    const hvs = only ? hypervisors.filter((h) => h.service.host === only) : hypervisors;
    const caps = await this.#capacities(hvs);
    const now = this.now();
    return hvs.map((hv) => {
      const svc = services.find((s) => String(s.id) === String(hv.service.id)) ?? services.find((s) => s.host === hv.service.host);
      return toHostInfo(hv, svc, caps.get(hv.hypervisor_hostname) ?? null, now);
    });
  }

  async get(name: string): Promise<HostInfo> {
    const host = (await this.list(name)).find((h) => h.name === name);
    if (!host) throw new DriverError('not-found', `compute: no host ${name}`);
    return host;
  }

  /** Placement capacity by hypervisor host name; empty when the cloud has no Placement endpoint. */
  async #capacities(hvs: NovaHypervisor[]): Promise<Map<string, ProviderCapacity | null>> {
    const out = new Map<string, ProviderCapacity | null>();
    if (this.#placementMissing || hvs.length === 0) return out;
    let providers: { uuid: string; name: string }[];
    try {
      providers = (await this.placement.client.json<{ resource_providers: { uuid: string; name: string }[] }>('GET', '/resource_providers'))
        .resource_providers;
    } catch (e) {
      // Clouds before Placement (or without its endpoint): fall back to hypervisor stats.
      if (isDriverError(e, 'fatal') && /no placement endpoint/.test(e.message)) {
        this.#placementMissing = true;
        return out;
      }
      throw e;
    }
    const byName = new Map(providers.map((p) => [p.name, p.uuid]));
    const wanted = hvs.map((h) => byName.get(h.hypervisor_hostname)).filter((u): u is string => !!u);
    const caps = await this.placement.capacities(wanted);
    for (const h of hvs) {
      const uuid = byName.get(h.hypervisor_hostname);
      if (uuid) out.set(h.hypervisor_hostname, caps.get(uuid) ?? null);
    }
    return out;
  }
}
