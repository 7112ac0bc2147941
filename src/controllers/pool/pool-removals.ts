import { isStale, pickReplacements, type StaleReason } from '../../core/leasing/freshness.js';
import type { Profile } from '../../core/leasing/types.js';
import type { InstanceRecord, Store } from '../../store/store.js';
import type { ResolvedBuild } from '../shared/cloud-catalog.js';

type RemovalStore = Pick<Store, 'updateInstance' | 'appendEvent'>;

/**
 * ready -> deleting, each a compare-and-swap that loses cleanly to a concurrent claim
 * (the instance is then someone's, and stays). Returns the ids actually removed.
 */
export async function removeReady(
  store: RemovalStore,
  instances: readonly (InstanceRecord & { why?: string })[],
  now: number,
  reason: 'Trimmed' | 'Stale',
  message: (inst: InstanceRecord & { why?: string }) => string,
): Promise<Set<string>> {
  const gone = new Set<string>();
  for (const inst of instances) {
    if (!(await store.updateInstance(inst.id, { state: 'deleting', step: null }, now, ['ready']))) continue;
    gone.add(inst.id);
    await store.appendEvent({ at: now, level: 'info', kind: 'instance', subject: inst.id, reason, message: message(inst) });
  }
  return gone;
}

/**
 * Ready instances built from an image or flavor the profile no longer names, or older
 * than its maxAgeMs: the next `batch` of them (core's order: wrong builds first, then
 * oldest) leave now; the same pass boots their replacements.
 */
export function staleBatch(ready: readonly InstanceRecord[], profile: Profile, build: ResolvedBuild, now: number, batch: number) {
  const stale: (InstanceRecord & { reason: StaleReason; why: string })[] = [];
  for (const inst of ready) {
    const f = isStale(inst, { imageId: build.image.id, flavorId: build.flavor.id }, now, profile.pool.maxAgeMs);
    if (f.stale) stale.push({ ...inst, reason: f.reason, why: f.message });
  }
  return pickReplacements(stale, batch);
}
