import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countInWindow, ewmaRate, windowRate } from './request-rate.js';

const MIN = 60_000;

test('the window is (now - window, now]: older and future requests do not count', () => {
  const times = [0, 1000, 60_000, 60_001, 120_000, 130_000];
  assert.equal(countInWindow(times, 120_000, 60_000), 2); // 60_001 and 120_000
  assert.equal(windowRate(times, 120_000, 60_000), 2 / 60_000);
});

test('the weighted rate reads a steady stream at its true rate', () => {
  const times: number[] = [];
  for (let t = 0; t < 3 * 60 * MIN; t += 2_000) times.push(t); // 30 per minute
  const rate = ewmaRate(times, 3 * 60 * MIN, 60 * MIN) * MIN;
  assert.ok(Math.abs(rate - 30) < 0.5, `${rate}`);
});

test('the weighted rate forgets old traffic gradually, recent traffic weighs more', () => {
  const early = [1 * MIN, 2 * MIN, 3 * MIN];
  const late = [57 * MIN, 58 * MIN, 59 * MIN];
  assert.ok(ewmaRate(late, 60 * MIN, 60 * MIN) > 3 * ewmaRate(early, 60 * MIN, 60 * MIN));
  assert.equal(ewmaRate(early, 120 * MIN, 60 * MIN), 0);
  assert.equal(ewmaRate([61 * MIN], 60 * MIN, 60 * MIN), 0);
});
