import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_TRACE_NAMES, builtinTrace, builtinTraces } from './builtin-traces.js';

test('builtinTraces returns the named set, deterministically', () => {
  const traces = builtinTraces(1, 7);
  assert.deepEqual(traces.map((t) => t.name), ['steady', 'office', 'bursty', 'heavy-tail']);
  assert.deepEqual(traces.map((t) => t.name), [...BUILTIN_TRACE_NAMES]);
  for (const t of traces) {
    assert.equal(t.horizonS, 7 * 86_400);
    assert.ok(t.requests.length > 100, `${t.name} has demand`);
  }
  assert.deepEqual(builtinTraces(1, 7), traces);
});

test('heavy-tail is the steady arrivals with much longer leases', () => {
  const steady = builtinTrace('steady', 9, 2);
  const heavy = builtinTrace('heavy-tail', 9, 2);
  assert.deepEqual(heavy.requests.map((r) => r.t), steady.requests.map((r) => r.t));
  const longest = (xs: number[]): number => Math.max(...xs);
  assert.ok(longest(heavy.requests.map((r) => r.durationS)) > 7 * 86_400);
  assert.ok(longest(steady.requests.map((r) => r.durationS)) < 2 * 86_400);
});

test('an unknown name lists the built-in ones', () => {
  assert.throws(() => builtinTrace('weekly', 1, 1), /unknown trace "weekly" \(built-in: steady, office, bursty, heavy-tail\)/);
});
