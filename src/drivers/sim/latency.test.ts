import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleLatency, validateLatency } from './latency.js';
import { Prng } from './prng.js';

test('fixed latencies are exact', () => {
  const p = new Prng(1);
  assert.equal(sampleLatency(250, p), 250);
  assert.equal(sampleLatency({ fixedMs: 40 }, p), 40);
});

test('lognormal latencies centre on their median and spread with sigma', () => {
  const p = new Prng(1);
  const draws = Array.from({ length: 4001 }, () => sampleLatency({ medianMs: 10_000, sigma: 0.3 }, p)).sort((a, b) => a - b);
  const median = draws[2000]!;
  assert.ok(median > 9_500 && median < 10_500, `median ${median}`);
  assert.ok(draws[0]! > 0 && draws.at(-1)! > 15_000, 'a long right tail');
  const flat = Array.from({ length: 10 }, () => sampleLatency({ medianMs: 500, sigma: 0 }, p));
  assert.deepEqual(new Set(flat), new Set([500]));
});

test('bad specs are refused at start-up', () => {
  assert.throws(() => validateLatency('boot', -1), /latency boot/);
  assert.throws(() => validateLatency('boot', { medianMs: Number.NaN, sigma: 0.2 }), RangeError);
  assert.doesNotThrow(() => validateLatency('boot', { medianMs: 1000, sigma: 0.2 }));
});
