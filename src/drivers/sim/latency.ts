import type { Prng } from './prng.js';

/**
 * How long a simulated operation takes, in ms of the cloud's clock: a fixed number,
 * or a lognormal distribution given by its median and sigma (the spread of the
 * underlying normal; 0.25 puts about 95% of draws within 0.6x..1.6x of the median).
 * Real cloud operation times are long-tailed, hence lognormal.
 */
export type LatencySpec = number | { fixedMs: number } | { medianMs: number; sigma: number };

export function sampleLatency(spec: LatencySpec, prng: Prng): number {
  if (typeof spec === 'number') return Math.max(0, spec);
  if ('fixedMs' in spec) return Math.max(0, spec.fixedMs);
  // Draw even when sigma is 0 so that changing sigma does not shift later draws.
  const z = prng.normal();
  return Math.max(0, Math.round(spec.medianMs * Math.exp(spec.sigma * z)));
}

/** Checks a spec at start-up, so a typo fails loudly instead of yielding NaN timers. */
export function validateLatency(name: string, spec: LatencySpec): void {
  const values =
    typeof spec === 'number' ? [spec] : 'fixedMs' in spec ? [spec.fixedMs] : [spec.medianMs, spec.sigma];
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`latency ${name}: expected non-negative finite numbers, got ${JSON.stringify(spec)}`);
    }
  }
}
