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
 * the one the pool controller recorded on the pool from the flavor it resolved (known
 * before the pool's first instance). Failing that (a pool the controller has not
 * looked at yet), that of the pool's newest instance; failing both, 0, so only the
 * instance count limits the request, and the lease takes its VM's size when it gets one.
 */
export async function poolVmSize(store: Store, profile: Profile, cloud: string): Promise<LeaseSize> {
  const pool = await store.getPool(profile.name, cloud);
  if (pool?.vcpus != null && pool.ramMb != null) return { vcpus: pool.vcpus, ramMb: pool.ramMb };
  let instances = await store.listInstances({ profile: profile.name, cloud, states: CURRENT });
  if (instances.length === 0) instances = await store.listInstances({ profile: profile.name, cloud });
  const newest = instances.at(-1);
  return newest ? { vcpus: newest.vcpus, ramMb: newest.ramMb } : { vcpus: 0, ramMb: 0 };
}
