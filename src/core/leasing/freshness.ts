import { formatDuration } from '../duration.js';

/** What freshness needs of a ready instance (the store's InstanceRecord fits). */
export interface FreshnessInstance {
  id: string;
  /** When it became ready; null: not ready yet, so not judged by age. */
  readyAt: number | null;
  /** Image and flavor ids it was built from; null when unknown (not judged on them). */
  imageId: string | null;
  flavorId: string | null;
}

/** The cloud's ids for the image and flavor the profile names now. */
export interface ResolvedBuildIds {
  imageId: string;
  flavorId: string;
}

export type StaleReason = 'image' | 'flavor' | 'age';

export type Freshness = { stale: false; reason: null } | { stale: true; reason: StaleReason; message: string };

/**
 * Whether a ready instance should be replaced: built from an image or a flavor the
 * profile no longer names (checked first: a holder would get the wrong VM), or ready
 * for longer than `maxAgeMs` (a long-idle VM drifts: stale packages, expired
 * certificates, a clock that wandered). Only ready (pooled) instances are for the
 * caller to judge; a leased VM is never replaced under its holder.
 */
export function isStale(instance: FreshnessInstance, build: ResolvedBuildIds, now: number, maxAgeMs: number): Freshness {
  if (instance.imageId !== null && instance.imageId !== build.imageId) {
    return { stale: true, reason: 'image', message: `built from image ${instance.imageId}; the profile now names ${build.imageId}` };
  }
  if (instance.flavorId !== null && instance.flavorId !== build.flavorId) {
    return { stale: true, reason: 'flavor', message: `built with flavor ${instance.flavorId}; the profile now names ${build.flavorId}` };
  }
  if (instance.readyAt !== null && now - instance.readyAt > maxAgeMs) {
    return { stale: true, reason: 'age', message: `ready for ${formatDuration(now - instance.readyAt)}, longer than the maximum age ${formatDuration(maxAgeMs)}` };
  }
  return { stale: false, reason: null };
}

const RANK: Record<StaleReason, number> = { image: 0, flavor: 1, age: 2 };

/**
 * Which stale instances to replace now: a few at a time, so the pool never empties
 * for freshness alone. `inProgress` replacements already running count against
 * `maxAtOnce`. Wrong builds go before old ones, then oldest first (readyAt, then id),
 * so the order is the same on every pass.
 */
export function pickReplacements<T extends { id: string; readyAt: number | null; reason?: StaleReason }>(
  stale: readonly T[],
  maxAtOnce: number,
  inProgress = 0,
): T[] {
  const room = Math.max(0, Math.floor(maxAtOnce) - Math.max(0, inProgress));
  const ordered = [...stale].sort(
    (a, b) =>
      RANK[a.reason ?? 'age'] - RANK[b.reason ?? 'age'] ||
      (a.readyAt ?? Number.MAX_SAFE_INTEGER) - (b.readyAt ?? Number.MAX_SAFE_INTEGER) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return ordered.slice(0, room);
}
