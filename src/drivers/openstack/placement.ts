import type { ServiceClient } from './service-client.js';

export interface PlacementInventory {
  total: number;
  reserved: number;
  allocation_ratio: number;
}

export interface ProviderCapacity {
  inventories: Record<string, PlacementInventory>;
  usages: Record<string, number>;
}

/**
 * Placement is the source of truth for capacity, usage and allocation ratios (Nova's
 * hypervisor stats were removed in 2.88). Placement has no bulk inventory listing, so
 * this costs two GETs per resource provider, run `concurrency` at a time.
 * All calls use placement 1.0 shapes, which every Placement serves.
 */
export class PlacementApi {
  constructor(
    readonly client: ServiceClient,
    private readonly concurrency = 8,
  ) {}

  async providerCapacity(uuid: string): Promise<ProviderCapacity | null> {
    const id = encodeURIComponent(uuid);
    const [inv, use] = await Promise.all([
      this.client.call('GET', `/resource_providers/${id}/inventories`, { accept: [404] }),
      this.client.call('GET', `/resource_providers/${id}/usages`, { accept: [404] }),
    ]);
    if (inv.status === 404 || use.status === 404) return null;
    return {
      inventories: (inv.body as { inventories: Record<string, PlacementInventory> }).inventories,
      usages: (use.body as { usages: Record<string, number> }).usages,
    };
  }

  /** Capacity of each provider (null for a provider Placement does not know). */
  async capacities(uuids: string[]): Promise<Map<string, ProviderCapacity | null>> {
    const out = new Map<string, ProviderCapacity | null>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < uuids.length) {
        const uuid = uuids[next++]!;
        out.set(uuid, await this.providerCapacity(uuid));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, uuids.length) }, worker));
    return out;
  }
}
