import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bursts as generate } from '../../src/sim/trace/generators.js';
import { burstStarts, closeShare } from './bursts.js';

test('finds every burst of a generated trace, with its size and the gap since the one before', () => {
  const trace = generate({ name: 't', seed: 4, days: 3, backgroundPerHour: 3, burstsPerDay: 2, burstSize: 25 });
  const found = burstStarts(trace);
  // Two bursts a day; two may overlap into one run, never split into more.
  assert.ok(found.length >= 5 && found.length <= 6, `found ${found.length}`);
  for (const b of found) assert.ok(b.size >= 25 && b.endS - b.startS <= 120, JSON.stringify(b));
  assert.equal(found[0]!.gapS, null);
  assert.equal(found[1]!.gapS, found[1]!.startS - found[0]!.startS);
});

test('closeShare counts the bursts that began soon after another', () => {
  const b = (startS: number, gapS: number | null) => ({ startS, endS: startS + 60, size: 30, gapS });
  assert.deepEqual(closeShare([b(0, null), b(600, 600), b(10_000, 9_400)], 20 * 60_000), { close: 1, gaps: 2 });
});
