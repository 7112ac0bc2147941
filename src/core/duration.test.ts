import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from './duration.js';
import { InputError } from './errors.js';

test('durations as users write them', () => {
  assert.equal(parseDuration('90s', 'd'), 90_000);
  assert.equal(parseDuration('30m', 'd'), 1_800_000);
  assert.equal(parseDuration('7d', 'd'), 7 * 86_400_000);
  assert.equal(parseDuration('1d12h', 'd'), 36 * 3_600_000);
  assert.equal(parseDuration('2w', 'd'), 14 * 86_400_000);
  assert.equal(parseDuration('3600', 'd'), 3_600_000);
  assert.equal(parseDuration(60, 'd'), 60_000);
});

test('bad durations name the field', () => {
  for (const bad of ['', 'soon', '-3d', '7 days', '0d', 'd7']) {
    assert.throws(() => parseDuration(bad, 'duration'), (e: unknown) => e instanceof InputError && e.field === 'duration' && /duration must/.test(e.message), bad);
  }
  assert.throws(() => parseDuration(-5, 'duration'), /duration must be a positive number/);
  assert.throws(() => parseDuration(Number.NaN, 'duration'), /duration must be a positive number/);
});

test('formatting round-trips whole units', () => {
  assert.equal(formatDuration(93_600_000), '1d2h');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(parseDuration(formatDuration(123_456_000), 'd'), 123_456_000);
});
