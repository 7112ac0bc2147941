import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareAtVmmsCost, comparisonSentence, hitRateAt } from './frontier-compare.js';

const curve = [
  { idleVmHours: 3000, hitRate: 0.5 },
  { idleVmHours: 1000, hitRate: 0.3 },
  { idleVmHours: 2000, hitRate: 0.4 },
];

test('a curve is read by linear interpolation between its neighbouring points, in order of idle VM-hours', () => {
  assert.equal(hitRateAt(curve, 1500), 0.35);
  assert.ok(Math.abs(hitRateAt(curve, 2750)! - 0.475) < 1e-12);
  assert.equal(hitRateAt(curve, 2000), 0.4, 'at a point: that point');
  assert.equal(hitRateAt(curve, 1000), 0.3, 'the ends are inside the range');
  assert.equal(hitRateAt(curve, 3000), 0.5);
});

test('outside the swept range there is nothing to read, not an extrapolation', () => {
  assert.equal(hitRateAt(curve, 999), null);
  assert.equal(hitRateAt(curve, 3001), null);
  assert.equal(hitRateAt([], 10), null);
  assert.equal(hitRateAt(curve, Number.NaN), null);
});

test('points sharing an idle cost give the best hit rate at that cost', () => {
  const ties = [...curve, { idleVmHours: 2000, hitRate: 0.45 }];
  assert.equal(hitRateAt(ties, 2000), 0.45);
});

test('each vmms point is compared with both curves at its own idle VM-hours', () => {
  const staticCurve = [
    { idleVmHours: 0, hitRate: 0 },
    { idleVmHours: 2000, hitRate: 0.42 },
  ];
  const c = compareAtVmmsCost(
    'bursty',
    [
      { n0: 5, isDefault: false, idleVmHours: 1500, hitRate: 0.36 },
      { n0: 10, isDefault: true, idleVmHours: 3500, hitRate: 0.53 },
    ],
    curve,
    staticCurve,
  );
  assert.deepEqual(c.ranges, { predictive: [1000, 3000], static: [0, 2000] });
  assert.deepEqual(
    c.vmms.map((v) => [v.n0, v.predictiveHitRate, v.staticHitRate]),
    [
      [5, 0.35, 0.315],
      [10, null, null],
    ],
  );
  assert.equal(comparisonSentence(c.vmms[0]!), "at vmms n0=5's idle cost (1500 VM-h) predictive's curve gives 35.00%, static's 31.50%, vmms got 36.00%");
  assert.match(comparisonSentence(c.vmms[1]!), /predictive's curve gives nothing \(outside its swept range\)/);
});
