import type { InstanceState, Profile } from '../../core/leasing/index.js';
import type { Store } from '../../store/store.js';

export interface LeaseSize {
  vcpus: number;
  ramMb: number;
}

// Instances whose size reflects what the pool builds now; deleted ones are history.
const CURRENT: InstanceState[] = ['pending', 'booting', 'configuring', 'ready', 'leased', 'stopped', 'recovering'];

/**
 * What one VM of a pool holds, for quotas. The API never asks a cloud (no driver call
 * on the request path), and a profile names its flavor, not its size; so the size is
 * that of the pool's newest instance, which the pool controller wrote from the
 * flavor when it decided to boot it. Before the pool's first instance the size is
 * unknown: 0, so only the instance count limits that first request.
 */
export async function poolVmSize(store: Store, profile: Profile, cloud: string): Promise<LeaseSize> {
  let instances = await store.listInstances({ profile: profile.name, cloud, states: CURRENT });
  if (instances.length === 0) instances = await store.listInstances({ profile: profile.name, cloud });
  const newest = instances.at(-1);
  return newest ? { vcpus: newest.vcpus, ramMb: newest.ramMb } : { vcpus: 0, ramMb: 0 };
}
