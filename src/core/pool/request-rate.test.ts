import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countInWindow, ewmaRate, sparseRate, windowRate } from './request-rate.js';

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

test('the sparse rate is the last k requests over the time they took, decaying with the silence', () => {
  const HOUR = 60 * MIN;
  const times = [0, 2 * HOUR, 4 * HOUR, 6 * HOUR]; // one every two hours
  // The last 3 span 4 h up to the last request; an hour later, 5 h.
  assert.equal(sparseRate(times, 6 * HOUR, 3, HOUR, 24 * HOUR), 3 / (4 * HOUR));
  assert.equal(sparseRate(times, 7 * HOUR, 3, HOUR, 24 * HOUR), 3 / (5 * HOUR));
  assert.ok(sparseRate(times, 20 * HOUR, 3, HOUR, 24 * HOUR) < sparseRate(times, 7 * HOUR, 3, HOUR, 24 * HOUR));
  // Three in quick succession read as k per minSpan, not as a torrent.
  assert.equal(sparseRate([0, 1000, 2000], 3000, 3, HOUR, 24 * HOUR), 3 / HOUR);
  // Fewer than k within the window: their count over the window; none: 0; order does not matter.
  assert.equal(sparseRate([5 * HOUR], 6 * HOUR, 3, HOUR, 24 * HOUR), 1 / (24 * HOUR));
  assert.equal(sparseRate(times, 40 * HOUR, 3, HOUR, 24 * HOUR), 0);
  assert.equal(sparseRate([...times].reverse(), 7 * HOUR, 3, HOUR, 24 * HOUR), 3 / (5 * HOUR));
  assert.equal(sparseRate(times, 7 * HOUR, 0, HOUR, 24 * HOUR), 0);
});
