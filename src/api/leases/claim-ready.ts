import type { Profile } from '../../core/leasing/index.js';
import type { InstanceRecord, Store } from '../../store/store.js';

/** The first cloud of the profile with a ready instance gets the claim (one atomic UPDATE each). */
export async function claimFromFirstCloud(store: Store, profile: Profile, leaseId: string, now: number): Promise<InstanceRecord | null> {
  for (const cloud of profile.clouds) {
    const claimed = await store.claimReadyInstance(profile.name, cloud, leaseId, now);
    if (claimed) return claimed;
  }
  return null;
}
