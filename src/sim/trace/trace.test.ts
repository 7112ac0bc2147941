import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTrace } from './trace.js';

test('makeTrace sorts by arrival and keeps the order of simultaneous requests', () => {
  const trace = makeTrace('t', [
    { t: 30, profile: 'b', durationS: 1 },
    { t: 10, profile: 'first', durationS: 1 },
    { t: 10, profile: 'second', durationS: 1 },
  ]);
  assert.deepEqual(
    trace.requests.map((r) => `${r.t}:${r.profile}`),
    ['10:first', '10:second', '30:b'],
  );
  assert.equal(trace.horizonS, 30, 'the horizon defaults to the last arrival');
});

test('makeTrace refuses a horizon that would cut off requests', () => {
  assert.throws(() => makeTrace('t', [{ t: 100, profile: 'p', durationS: 1 }], 50), /horizon 50 s ends before the last request at 100 s/);
  assert.equal(makeTrace('empty', []).horizonS, 0);
});
