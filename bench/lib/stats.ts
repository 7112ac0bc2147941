/**
 * Summary statistics for benchmark figures. Percentiles use the nearest-rank rule:
 * the p-th percentile is the smallest observed value with at least p% of the values
 * at or below it. It never interpolates, so "p99 = 412 s" is one request's actual
 * wait, and a percentile of integers is an integer.
 */
export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of `values` (any order), p in [0, 100]. Throws on an empty list. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedCopy(values), p);
}

/** count, mean, p50, p95, p99, max; null for an empty list (there is no p99 of nothing). */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = sortedCopy(values);
  return {
    count: sorted.length,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1]!,
  };
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within [0, 100], got ${p}`);
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function sortedCopy(values: readonly number[]): number[] {
  for (const v of values) {
    // A NaN would sort anywhere and silently shift every percentile.
    if (typeof v !== 'number' || Number.isNaN(v)) throw new RangeError(`percentile: not a number: ${String(v)}`);
  }
  return [...values].sort((a, b) => a - b);
}
