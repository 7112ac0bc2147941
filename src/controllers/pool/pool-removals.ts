import { isStale, pickReplacements, type StaleReason } from '../../core/leasing/freshness.js';
import type { Profile } from '../../core/leasing/types.js';
import type { InstanceRecord, Store } from '../../store/store.js';
import type { ResolvedBuild } from '../shared/cloud-catalog.js';

type RemovalStore = Pick<Store, 'updateInstance' | 'appendEvent'>;
type CandidateStore = Pick<Store, 'readyInstances'>;

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
 * The ready instances `staleBatch` must see to pick what it would pick from the whole
 * pool, read without the rest: for each reason (image, flavor, age), the `batch`
 * oldest ready instances that have it. staleBatch takes the first `batch` by reason,
 * then age; each of those is among the first `batch` of its own reason's list, since
 * everything ahead of it in that list is also ahead of it in staleBatch's order.
 */
export async function staleCandidates(
  store: CandidateStore,
  pool: { profile: string; cloud: string },
  profile: Profile,
  build: ResolvedBuild,
  now: number,
  batch: number,
): Promise<InstanceRecord[]> {
  // pickReplacements takes floor(batch) at most.
  const limit = Math.min(Math.floor(batch), Number.MAX_SAFE_INTEGER);
  if (!(limit >= 1)) return [];
  const { profile: name, cloud } = pool;
  const lists = [
    await store.readyInstances(name, cloud, { limit, imageNot: build.image.id }),
    await store.readyInstances(name, cloud, { limit, flavorNot: build.flavor.id }),
    // isStale's `now - readyAt > maxAgeMs`; a maxAgeMs beyond any clock never ages anything.
    Number.isFinite(now - profile.pool.maxAgeMs) ? await store.readyInstances(name, cloud, { limit, readyBefore: now - profile.pool.maxAgeMs }) : [],
  ];
  const byId = new Map<string, InstanceRecord>();
  for (const list of lists) for (const inst of list) byId.set(inst.id, inst);
  return [...byId.values()];
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
