/**
 * Poisson probabilities that stay accurate for means from 0 to millions.
 *
 * The naive e^-mu * mu^k / k! overflows past k ~ 170 and underflows past mu ~ 745, and
 * computing it as exp(k ln mu - mu - ln k!) subtracts two numbers of size ~k ln k, losing
 * digits as the mean grows. Instead the mass is computed the way Loader (2000) and R's
 * dpois do: the Stirling error of k! and the "deviance" term bd0(k, mu) = k ln(k/mu) + mu - k
 * are each evaluated without cancellation, so every term has full relative precision.
 * Tails are then sums of such terms, always summed from the far end inwards (upper tail
 * above the mean, lower tail below it), so a small tail is never 1 minus something
 * close to 1. A sum needs only the terms within ~12 standard deviations, so the cost is
 * O(sqrt(mean)): no normal approximation is needed even for large means.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln(k!) - ln(sqrt(2 pi k) (k/e)^k): the error of Stirling's formula, for integer k >= 1. */
function stirlingError(k: number): number {
  if (k <= 15) {
    let lnFact = 0;
    for (let i = 2; i <= k; i++) lnFact += Math.log(i);
    return lnFact - (LN_SQRT_2PI + 0.5 * Math.log(k) + k * Math.log(k) - k);
  }
  const kk = k * k;
  const s0 = 1 / 12, s1 = 1 / 360, s2 = 1 / 1260, s3 = 1 / 1680, s4 = 1 / 1188;
  if (k > 500) return (s0 - s1 / kk) / k;
  if (k > 80) return (s0 - (s1 - s2 / kk) / kk) / k;
  if (k > 35) return (s0 - (s1 - (s2 - s3 / kk) / kk) / kk) / k;
  return (s0 - (s1 - (s2 - (s3 - s4 / kk) / kk) / kk) / kk) / k;
}

/** k ln(k/mu) + mu - k, computed without cancellation when k is near mu. */
function deviance(k: number, mu: number): number {
  if (Math.abs(k - mu) < 0.1 * (k + mu)) {
    let v = (k - mu) / (k + mu);
    let sum = (k - mu) * v;
    let term = 2 * k * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return k * Math.log(k / mu) + mu - k;
}

function checkMean(mean: number): void {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be a finite number >= 0, got ${mean}`);
}

/** P[X = k] for X ~ Poisson(mean). */
export function poissonPmf(k: number, mean: number): number {
  checkMean(mean);
  if (k < 0 || !Number.isInteger(k)) return 0;
  if (mean === 0) return k === 0 ? 1 : 0;
  if (k === 0) return Math.exp(-mean);
  return Math.exp(-stirlingError(k) - deviance(k, mean)) / Math.sqrt(2 * Math.PI * k);
}

/** Sums P[X = j] from `from` stepping by `step` while the terms still matter. */
function sumOutwards(from: number, step: 1 | -1, mean: number): number {
  let sum = 0;
  for (let j = from; j >= 0; j += step) {
    const term = poissonPmf(j, mean);
    sum += term;
    if (term <= sum * 1e-17 || term === 0) break;
  }
  return sum;
}

/** P[X <= k]. */
export function poissonCdf(k: number, mean: number): number {
  checkMean(mean);
  if (k < 0) return 0;
  const kk = Math.floor(k);
  return kk < mean ? Math.min(1, sumOutwards(kk, -1, mean)) : Math.max(0, 1 - sumOutwards(kk + 1, 1, mean));
}

/** P[X > k]: the upper tail, accurate even when it is tiny. */
export function poissonSf(k: number, mean: number): number {
  checkMean(mean);
  if (k < 0) return 1;
  const kk = Math.floor(k);
  return kk >= mean ? Math.min(1, sumOutwards(kk + 1, 1, mean)) : Math.max(0, 1 - sumOutwards(kk, -1, mean));
}

/**
 * The smallest k with P[X > k] <= tail (0 < tail < 1). Starts where the tail is surely
 * below `tail` and walks down adding one term at a time, so the answer is exact and
 * no subtraction of nearly equal numbers happens.
 */
export function poissonUpperQuantile(tail: number, mean: number): number {
  checkMean(mean);
  if (!(tail > 0 && tail < 1)) throw new RangeError(`tail probability must be in (0, 1), got ${tail}`);
  if (mean === 0) return 0;
  const sd = Math.sqrt(mean);
  let k = Math.ceil(mean + 10 * sd + 10);
  let above = poissonSf(k, mean);
  while (above > tail) {
    k += Math.ceil(sd) + 10;
    above = poissonSf(k, mean);
  }
  while (k > 0) {
    const withK = above + poissonPmf(k, mean);
    if (withK > tail) break;
    above = withK;
    k--;
  }
  return k;
}

/** The smallest k with P[X <= k] >= p (0 < p < 1). */
export function poissonQuantile(p: number, mean: number): number {
  checkMean(mean);
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  if (p >= 0.5) return poissonUpperQuantile(1 - p, mean);
  // Lower half: the mirror image, walking up from where the lower tail is surely below p.
  const sd = Math.sqrt(mean);
  let k = Math.max(0, Math.floor(mean - 10 * sd - 10));
  let atOrBelow = poissonCdf(k, mean);
  while (k > 0 && atOrBelow - poissonPmf(k, mean) >= p) {
    atOrBelow -= poissonPmf(k, mean);
    k--;
  }
  while (atOrBelow < p) {
    k++;
    atOrBelow += poissonPmf(k, mean);
  }
  return k;
}
