import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, gib, renderTable } from './output.js';

test('ages read as the largest whole unit', () => {
  const now = Date.UTC(2025, 0, 2);
  const ago = (ms: number) => formatAge(new Date(now - ms).toISOString(), now);
  assert.equal(formatAge(null, now), 'never');
  assert.equal(ago(12_000), '12s ago');
  assert.equal(ago(5 * 60_000 + 59_000), '5m ago');
  assert.equal(ago(3 * 3_600_000), '3h ago');
  assert.equal(ago(50 * 3_600_000), '2d ago');
  // A server clock slightly ahead of ours is not "in the future".
  assert.equal(ago(-2_000), '0s ago');
});

test('MiB show as GiB with at most one decimal', () => {
  assert.equal(gib(16384), '16');
  assert.equal(gib(1536), '1.5');
  assert.equal(gib(0), '0');
});

test('tables are plain columns: no borders, no colour codes, no trailing spaces', () => {
  const text = renderTable(['NAME', 'VCPU'], [['az1-h01', '12/64'], ['h2', 3]]);
  assert.deepEqual(text.split('\n'), ['NAME     VCPU', 'az1-h01  12/64', 'h2       3']);
});
