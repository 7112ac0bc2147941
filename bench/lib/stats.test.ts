import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, percentiles } from './stats.js';

test('nearest-rank percentiles of 1..100 are the values themselves', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // any order
  assert.deepEqual(percentiles(values), { count: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  assert.equal(percentile(values, 0), 1);
  assert.equal(percentile(values, 100), 100);
});

test('a rare slow request shows at p99 and max, not at p50', () => {
  // 2% of 1,000 requests boot cold (90..109 s): p99 is the 990th wait, the 10th cold one.
  const waits = [...Array.from({ length: 980 }, () => 0), ...Array.from({ length: 20 }, (_, i) => 90 + i)];
  const s = percentiles(waits)!;
  assert.equal(s.p50, 0);
  assert.equal(s.p95, 0);
  assert.equal(s.p99, 99);
  assert.equal(s.max, 109);
});

test('small lists: every percentile is an observed value', () => {
  assert.deepEqual(percentiles([7]), { count: 1, mean: 7, p50: 7, p95: 7, p99: 7, max: 7 });
  assert.deepEqual(percentiles([3, 1]), { count: 2, mean: 2, p50: 1, p95: 3, p99: 3, max: 3 });
});

test('empty lists, NaN and out-of-range p are refused, not averaged into a figure', () => {
  assert.equal(percentiles([]), null);
  assert.throws(() => percentile([], 50), /empty/);
  assert.throws(() => percentiles([1, Number.NaN]), /not a number/);
  assert.throws(() => percentile([1], 101), /within \[0, 100\]/);
  assert.equal(percentiles([1, Infinity])!.max, Infinity, 'Infinity is a value (a request never served)');
});
