import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStale, pickReplacements, type StaleReason } from './freshness.js';

const D = 86_400_000;
const NOW = 1_700_000_000_000;
const build = { imageId: 'img-2', flavorId: 'fl-4' };
const inst = (over: Partial<{ readyAt: number | null; imageId: string | null; flavorId: string | null }> = {}) => ({
  id: 'i-1', readyAt: NOW - D, imageId: 'img-2', flavorId: 'fl-4', ...over,
});

test('fresh: right build, younger than the maximum age', () => {
  assert.deepEqual(isStale(inst(), build, NOW, 10 * D), { stale: false, reason: null });
  assert.deepEqual(isStale(inst({ readyAt: NOW - 10 * D }), build, NOW, 10 * D), { stale: false, reason: null }, 'exactly the maximum age');
  assert.deepEqual(isStale(inst({ readyAt: null, imageId: null, flavorId: null }), build, NOW, 10 * D), { stale: false, reason: null }, 'unknowns are not judged');
});

test('too old', () => {
  assert.deepEqual(isStale(inst({ readyAt: NOW - 11 * D }), build, NOW, 10 * D), {
    stale: true, reason: 'age', message: 'ready for 11d, longer than the maximum age 10d',
  });
});

test('an image or flavor the profile no longer names, before age', () => {
  assert.deepEqual(isStale(inst({ imageId: 'img-1', readyAt: NOW - 20 * D }), build, NOW, 10 * D), {
    stale: true, reason: 'image', message: 'built from image img-1; the profile now names img-2',
  });
  assert.deepEqual(isStale(inst({ flavorId: 'fl-3' }), build, NOW, 10 * D), {
    stale: true, reason: 'flavor', message: 'built with flavor fl-3; the profile now names fl-4',
  });
});

test('replacements: a few at a time, wrong builds first, then oldest', () => {
  const stale = (id: string, readyAt: number, reason: StaleReason) => ({ id, readyAt, reason });
  const all = [stale('a', 5, 'age'), stale('b', 3, 'age'), stale('c', 9, 'image'), stale('d', 1, 'flavor'), stale('e', 3, 'age')];
  assert.deepEqual(pickReplacements(all, 3).map((s) => s.id), ['c', 'd', 'b']);
  assert.deepEqual(pickReplacements(all, 10).map((s) => s.id), ['c', 'd', 'b', 'e', 'a'], 'ties by id');
  assert.deepEqual(pickReplacements(all, 3, 2).map((s) => s.id), ['c'], 'replacements under way count');
  assert.deepEqual(pickReplacements(all, 3, 5), []);
  assert.deepEqual(pickReplacements(all, 0), []);
  assert.deepEqual(all.map((s) => s.id), ['a', 'b', 'c', 'd', 'e'], 'input untouched');
  assert.deepEqual(pickReplacements([{ id: 'x', readyAt: null }, { id: 'y', readyAt: 1 }], 1).map((s) => s.id), ['y'], 'no reason counts as age');
});
