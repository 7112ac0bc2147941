import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poissonCdf, poissonPmf, poissonQuantile, poissonSf, poissonUpperQuantile } from './poisson.js';

// Quantiles from scipy.stats.poisson.ppf; probabilities from mpmath at 40 digits
// (scipy's pmf(5000, 5000) is itself off in the 12th digit).
const QUANTILES: [mean: number, p: number, k: number][] = [
  [0.01, 0.95, 0], [0.01, 0.999999, 2], [0.35, 0.95, 1], [0.35, 0.99, 2], [0.35, 0.999999, 6],
  [1, 0.5, 1], [1, 0.95, 3], [1, 0.99, 4], [1, 0.999999, 9],
  [10, 0.5, 10], [10, 0.95, 15], [10, 0.99, 18], [10, 0.999999, 28],
  [100, 0.5, 100], [100, 0.95, 117], [100, 0.99, 124], [100, 0.999999, 151],
  [1000, 0.5, 1000], [1000, 0.95, 1052], [1000, 0.99, 1074], [1000, 0.999999, 1154],
  [5000, 0.5, 5000], [5000, 0.95, 5117], [5000, 0.99, 5165], [5000, 0.999999, 5340],
];

function close(actual: number, expected: number, relTol: number): void {
  assert.ok(Math.abs(actual - expected) <= relTol * Math.abs(expected), `${actual} != ${expected} (rel tol ${relTol})`);
}

test('quantiles match scipy from tiny to large means', () => {
  for (const [mean, p, k] of QUANTILES) assert.equal(poissonQuantile(p, mean), k, `Poisson(${mean}) q${p}`);
});

test('upper quantile is the smallest k whose tail is within the bound', () => {
  for (const [mean, p, k] of QUANTILES) assert.equal(poissonUpperQuantile(1 - p, mean), k, `Poisson(${mean}) tail ${1 - p}`);
  // Around the 5% point of Poisson(1000): sf(1051) = 0.0526, sf(1052) = 0.0493.
  assert.equal(poissonUpperQuantile(0.05, 1000), 1052);
  assert.equal(poissonUpperQuantile(0.053, 1000), 1051);
});

test('probabilities match scipy, including small tails at large means', () => {
  close(poissonCdf(2, 1), 0.9196986029286058, 1e-12);
  close(poissonSf(15, 10), 0.0487404033039787, 1e-12);
  close(poissonSf(130, 100), 0.0017068403705014943, 1e-10);
  close(poissonSf(1052, 1000), 0.04934847753525984, 1e-10);
  close(poissonSf(5300, 5000), 1.273975893478358e-5, 1e-9);
  close(poissonCdf(4700, 5000), 9.489948989981762e-6, 1e-9);
  close(poissonPmf(5000, 5000), 0.005641801804664023, 1e-12);
  close(poissonPmf(0, 0.5), 0.6065306597126334, 1e-15);
});

test('the distribution sums to one and cdf + sf = 1', () => {
  for (const mean of [0.2, 3, 47.5, 800]) {
    let total = 0;
    for (let k = 0; k < mean + 20 * Math.sqrt(mean) + 30; k++) total += poissonPmf(k, mean);
    close(total, 1, 1e-12);
    for (const k of [0, Math.floor(mean / 2), Math.floor(mean), Math.ceil(mean * 1.5)]) close(poissonCdf(k, mean) + poissonSf(k, mean), 1, 1e-12);
  }
});

test('mean zero and edge arguments', () => {
  assert.equal(poissonPmf(0, 0), 1);
  assert.equal(poissonPmf(1, 0), 0);
  assert.equal(poissonPmf(-1, 3), 0);
  assert.equal(poissonCdf(-1, 3), 0);
  assert.equal(poissonSf(-1, 3), 1);
  assert.equal(poissonUpperQuantile(0.05, 0), 0);
  assert.equal(poissonQuantile(1e-9, 3), 0);
  assert.throws(() => poissonQuantile(1, 3), RangeError);
  assert.throws(() => poissonUpperQuantile(0, 3), RangeError);
  assert.throws(() => poissonPmf(1, Number.NaN), RangeError);
  assert.throws(() => poissonPmf(1, -2), RangeError);
});

test('very large means stay finite and near the normal approximation', () => {
  const mean = 1e7;
  const k = poissonQuantile(0.95, mean);
  // Normal approximation with skew correction: mean + z sd + (z^2 - 1) / 6, z = 1.6449.
  const approx = mean + 1.6449 * Math.sqrt(mean) + (1.6449 ** 2 - 1) / 6;
  assert.ok(Math.abs(k - approx) <= 2, `${k} vs ${approx}`);
});
