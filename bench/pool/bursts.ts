import type { Trace } from '../../src/sim/trace/index.js';

/** A burst found in a trace: requests packed closely together. */
export interface Burst {
  startS: number;
  endS: number;
  size: number;
  /** Seconds since the previous burst began; null for the first. */
  gapS: number | null;
}

/**
 * The bursts of a trace: runs of at least `minSize` requests, each within `maxGapS` of
 * the one before. The bursty trace's bursts are 20-50 requests within 60 s, its
 * background 3 an hour, so the defaults separate them cleanly.
 */
export function burstStarts(trace: Trace, minSize = 10, maxGapS = 30): Burst[] {
  const times = trace.requests.map((r) => r.t).sort((a, b) => a - b);
  const bursts: Burst[] = [];
  let first = 0;
  for (let i = 1; i <= times.length; i++) {
    if (i < times.length && times[i]! - times[i - 1]! <= maxGapS) continue;
    if (i - first >= minSize) {
      const previous = bursts.at(-1);
      bursts.push({ startS: times[first]!, endS: times[i - 1]!, size: i - first, gapS: previous ? times[first]! - previous.startS : null });
    }
    first = i;
  }
  return bursts;
}

/** How many bursts began within `withinMs` of the previous one, of those that had one. */
export function closeShare(bursts: readonly Burst[], withinMs: number): { close: number; gaps: number } {
  const gaps = bursts.filter((b) => b.gapS !== null);
  return { close: gaps.filter((b) => b.gapS! * 1000 <= withinMs).length, gaps: gaps.length };
}
