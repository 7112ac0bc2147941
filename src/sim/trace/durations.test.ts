import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Prng } from '../../drivers/sim/prng.js';
import { heavyTailDurations, sampleDuration, validateDurations, type DurationSpec } from './durations.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

function draws(spec: DurationSpec, n = 20_000): number[] {
  const prng = new Prng('durations');
  return Array.from({ length: n }, () => sampleDuration(spec, prng)).sort((a, b) => a - b);
}
const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;

for (const shape of ['lognormal', 'pareto'] as const) {
  test(`heavyTailDurations(${shape}) spans hours to weeks`, () => {
    const d = draws(heavyTailDurations(shape));
    assert.ok(d[0]! >= HOUR, 'no lease shorter than an hour');
    assert.ok(d.at(-1)! <= 28 * DAY, 'no lease longer than 4 weeks');
    const median = quantile(d, 0.5);
    assert.ok(median > 2 * HOUR && median < DAY, `median ${median / HOUR} h`);
    assert.ok(quantile(d, 0.99) > 7 * DAY, `p99 ${quantile(d, 0.99) / DAY} days`);
  });
}

test('lognormal draws center on the median; choice draws only its options', () => {
  const d = draws({ kind: 'lognormal', medianS: 4 * HOUR, sigma: 0.5 });
  assert.ok(Math.abs(quantile(d, 0.5) / (4 * HOUR) - 1) < 0.05);
  const c = draws({ kind: 'choice', options: [{ durationS: DAY, weight: 3 }, { durationS: 7 * DAY, weight: 1 }] });
  assert.deepEqual([...new Set(c)].sort((a, b) => a - b), [DAY, 7 * DAY]);
  const week = c.filter((x) => x === 7 * DAY).length / c.length;
  assert.ok(week > 0.22 && week < 0.28, `share of 7-day leases: ${week}`);
  assert.deepEqual(draws(90, 3), [90, 90, 90]);
});

test('validateDurations names the bad field', () => {
  assert.throws(() => validateDurations({ kind: 'lognormal', medianS: 0, sigma: 1 }), /durations\.medianS/);
  assert.throws(() => validateDurations({ kind: 'lognormal', medianS: 1, sigma: -1 }), /durations\.sigma/);
  assert.throws(() => validateDurations({ kind: 'choice', options: [] }), /durations\.options/);
  assert.throws(() => validateDurations({ kind: 'choice', options: [{ durationS: 1, weight: -2 }] }), /options\[0\]\.weight/);
  assert.throws(() => validateDurations(Number.NaN), RangeError);
  validateDurations(heavyTailDurations());
});
