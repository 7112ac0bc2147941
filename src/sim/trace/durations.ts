import type { Prng } from '../../drivers/sim/prng.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * How long the leases of a generated trace last, in seconds:
 * - a number: every lease that long;
 * - lognormal: median and sigma of the underlying normal (long right tail);
 * - pareto: scale minS (the shortest lease) and shape alpha (smaller alpha, heavier
 *   tail; alpha <= 1 has no finite mean, hence maxS);
 * - choice: one of a few fixed durations with weights ("1 day" or "7 days").
 * minS/maxS clamp every draw, so a tail never asks for a year-long lease.
 */
export type DurationSpec =
  | number
  | { kind: 'lognormal'; medianS: number; sigma: number; minS?: number; maxS?: number }
  | { kind: 'pareto'; minS: number; alpha: number; maxS?: number }
  | { kind: 'choice'; options: { durationS: number; weight: number }[] };

/** Default for generators: around 4 hours, most between 1.5 and 11 hours. */
export const DEFAULT_DURATIONS: DurationSpec = { kind: 'lognormal', medianS: 4 * HOUR, sigma: 0.5, minS: 15 * 60 };

/**
 * Heavy-tailed lease durations, hours to weeks, for any generator's `durations`.
 * Lognormal (default): median 12 h, sigma 1.4: p90 about 3 days, p99 about 13 days.
 * Pareto: minS 2 h, alpha 0.8: median about 5 h, p99 about 26 days. Both clamped to
 * [1 h, 28 days].
 */
export function heavyTailDurations(shape: 'lognormal' | 'pareto' = 'lognormal'): DurationSpec {
  return shape === 'pareto'
    ? { kind: 'pareto', minS: 2 * HOUR, alpha: 0.8, maxS: 28 * DAY }
    : { kind: 'lognormal', medianS: 12 * HOUR, sigma: 1.4, minS: HOUR, maxS: 28 * DAY };
}

/** One duration in whole seconds (at least 1). */
export function sampleDuration(spec: DurationSpec, prng: Prng): number {
  let s: number;
  if (typeof spec === 'number') s = spec;
  else if (spec.kind === 'lognormal') s = clamp(spec.medianS * Math.exp(spec.sigma * prng.normal()), spec.minS, spec.maxS);
  else if (spec.kind === 'pareto') s = clamp(spec.minS / Math.pow(1 - prng.float(), 1 / spec.alpha), spec.minS, spec.maxS);
  else s = weightedPick(spec.options, prng).durationS;
  return Math.max(1, Math.round(s));
}

/** Throws RangeError naming the bad field, so a typo fails at start, not as NaN leases. */
export function validateDurations(spec: DurationSpec): void {
  const positive = (field: string, v: number | undefined, optional = false): void => {
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new RangeError(`durations.${field}: expected a number > 0, got ${String(v)}`);
    }
  };
  if (typeof spec === 'number') return positive('(fixed)', spec);
  if (spec.kind === 'lognormal') {
    positive('medianS', spec.medianS);
    if (!Number.isFinite(spec.sigma) || spec.sigma < 0) throw new RangeError(`durations.sigma: expected >= 0, got ${spec.sigma}`);
    positive('minS', spec.minS, true);
    positive('maxS', spec.maxS, true);
  } else if (spec.kind === 'pareto') {
    positive('minS', spec.minS);
    positive('alpha', spec.alpha);
    positive('maxS', spec.maxS, true);
  } else {
    if (spec.options.length === 0) throw new RangeError('durations.options: expected at least one option');
    spec.options.forEach((o, i) => {
      positive(`options[${i}].durationS`, o.durationS);
      positive(`options[${i}].weight`, o.weight);
    });
  }
}

/** One item, chosen with probability proportional to its weight (all weights > 0). */
export function weightedPick<T extends { weight: number }>(items: readonly T[], prng: Prng): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let x = prng.float() * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1]!;
}

function clamp(v: number, min = 0, max = Infinity): number {
  return Math.min(max, Math.max(min, v));
}
