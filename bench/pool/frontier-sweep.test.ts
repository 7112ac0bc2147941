import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SIZING } from './bench-profile.js';
import { DEFAULT_FRONTIER_SWEEPS, sweepPoints } from './frontier-sweep.js';

test('the default sweeps run each policy over its knob, the normal run setting among them', () => {
  const { points, description } = sweepPoints({ ...DEFAULT_FRONTIER_SWEEPS }, DEFAULT_SIZING);
  const of = (policy: string) => points.filter((p) => p.policy === policy);
  assert.deepEqual(of('static').map((p) => p.pool.n), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  assert.deepEqual(of('vmms').map((p) => [p.pool.n, p.pool.m]), [2, 4, 6, 8, 10, 12].map((n) => [n, 1000]));
  assert.deepEqual(of('predictive').map((p) => [p.pool.min, p.pool.n]), [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((m) => [m, 20]));
  assert.deepEqual(
    points.filter((p) => p.isDefault).map((p) => `${p.policy} ${p.knob} ${p.value}`),
    ['static n0 10', 'vmms n0 10', 'predictive min 1'],
  );
  assert.equal(of('static')[0]!.pool.min, 0, 'static n0 0 holds nothing, as none does');
  assert.deepEqual(description.predictive?.clamped, []);
});

test("predictive's min above its ceiling n is clamped to n, and the duplicate dropped", () => {
  const { points, description } = sweepPoints({ static: [], vmms: [], predictive: [25, 1, 10, 20, 1] }, { ...DEFAULT_SIZING, n0: 5 });
  assert.deepEqual(points.map((p) => [p.policy, p.pool.min, p.pool.n]), [
    ['predictive', 1, 10],
    ['predictive', 10, 10],
  ]);
  assert.deepEqual(description.predictive?.clamped, [
    { asked: 20, used: 10 },
    { asked: 25, used: 10 },
  ]);
  assert.equal(description.static, undefined, 'an empty sweep is not run');
});
