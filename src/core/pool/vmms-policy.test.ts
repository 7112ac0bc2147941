import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import type { PoolBounds, PoolObservation } from './pool-policy.js';
import { vmmsPolicy, type VmmsOptions, type VmmsState } from './vmms-policy.js';

const MIN = 60_000;
const bounds: PoolBounds = { m: 40, n: 10, min: 0 };
const defaults = vmmsPolicy.parseOptions(undefined);

/** `count` requests spread over the 30 s before `now`. */
function burst(now: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => now - 30_000 + (i * 30_000) / count);
}
function obs(now: number, requestTimes: number[], leased = 0): PoolObservation {
  return { now, ready: 0, provisioning: 0, leased, requestTimes, refillMs: 120_000 };
}

/** Runs the policy over steps, carrying the state through JSON as the store would. */
function run(steps: [now: number, requests: number][], options: VmmsOptions = defaults, b = bounds) {
  let state: VmmsState = vmmsPolicy.initialState();
  return steps.map(([now, requests]) => {
    const r = vmmsPolicy.decide(obs(now, burst(now, requests)), b, options, state);
    state = JSON.parse(JSON.stringify(r.state)) as VmmsState;
    return r.target;
  });
}

test('at or below the threshold the pool keeps its base size', () => {
  const [t] = run([[0, 10]]);
  assert.deepEqual([t!.ready, t!.n, t!.m], [10, 10, 40]);
});

test('above the threshold m and n grow 1.5x, above twice the threshold 2x', () => {
  const [a] = run([[0, 11]]);
  assert.deepEqual([a!.ready, a!.n, a!.m], [15, 15, 60]);
  const [b] = run([[0, 21]]);
  assert.deepEqual([b!.ready, b!.n, b!.m], [20, 20, 80]);
  assert.match(b!.reason, /2x/);
});

test('only requests inside the window count', () => {
  const old = burst(0, 30); // a minute and more before now
  const r = vmmsPolicy.decide(obs(90_000, [...old, ...burst(90_000, 5)]), bounds, defaults, vmmsPolicy.initialState());
  assert.equal(r.target.ready, 10);
});

test('converges back one step per cooldown once demand falls', () => {
  const t = run([
    [0, 25], // 2x
    [5 * MIN, 0], // quiet, but cooldown (10 min) not over
    [10 * MIN, 0], // cooldown over: 1.5x
    [15 * MIN, 0], // next step needs another full cooldown
    [20 * MIN, 0], // back to 1x
    [40 * MIN, 0],
  ]);
  assert.deepEqual(t.map((x) => x.n), [20, 20, 15, 15, 10, 10]);
  assert.deepEqual(t.map((x) => x.m), [80, 80, 60, 60, 40, 40]);
});

test('demand above the threshold again restarts the cooldown', () => {
  const t = run([
    [0, 12], // 1.5x
    [9 * MIN, 11], // still above: cooldown restarts
    [15 * MIN, 0],
    [18 * MIN + 59_000, 0],
    [19 * MIN, 0], // ten minutes after the last time above the threshold
  ]);
  assert.deepEqual(t.map((x) => x.n), [15, 15, 15, 15, 10]);
});

test('from 2x, demand between threshold and 2x threshold converges to 1.5x and stays', () => {
  const t = run([[0, 25], [10 * MIN, 15], [20 * MIN, 15], [60 * MIN, 15]]);
  assert.deepEqual(t.map((x) => x.n), [20, 15, 15, 15]);
});

test('growth is immediate even in the middle of a cooldown', () => {
  const t = run([[0, 12], [3 * MIN, 0], [4 * MIN, 30]]);
  assert.deepEqual(t.map((x) => x.n), [15, 15, 20]);
});

test('convergeStep and a custom ladder are honoured', () => {
  const options = vmmsPolicy.parseOptions({ growth: [1.5, 2, 3], convergeStep: 3, threshold: 5, cooldownMs: MIN });
  const t = run([[0, 16], [MIN, 0]], options);
  assert.deepEqual(t.map((x) => x.n), [30, 10]);
});

test('the ready target never exceeds the grown bounds, and leaves room for leased ones', () => {
  const [t] = run([[0, 100]]);
  assert.deepEqual([t!.ready, t!.n, t!.m], [20, 20, 80]);
  const r = vmmsPolicy.decide(obs(0, burst(0, 100), 75), bounds, defaults, vmmsPolicy.initialState());
  assert.equal(r.target.ready, 5); // grown m = 80, 75 leased
  const tight = vmmsPolicy.decide(obs(0, [], 50), bounds, defaults, vmmsPolicy.initialState());
  assert.equal(tight.target.ready, 0); // more leased than m: nothing to add
});

test('options are validated with the field named', () => {
  const bad: [unknown, RegExp][] = [
    [{ threshold: -1 }, /pool\.options\.threshold must be at least 0/],
    [{ growth: [2, 1.5] }, /pool\.options\.growth\.1 must be at least the factor before it/],
    [{ growth: [0.5] }, /pool\.options\.growth\.0 must be between 1 and 100/],
    [{ growth: [] }, /pool\.options\.growth must be a non-empty list/],
    [{ convergeStep: 1.5 }, /pool\.options\.convergeStep must be a whole number/],
    [{ windowMs: '60s' }, /pool\.options\.windowMs must be a number/],
    [{ window: 60_000 }, /pool\.options\.window is not an option of pool policy 'vmms'/],
    [[1, 2], /pool\.options must be an object/],
  ];
  for (const [raw, message] of bad) {
    assert.throws(() => vmmsPolicy.parseOptions(raw), (e: unknown) => e instanceof InputError && message.test(e.message), JSON.stringify(raw));
  }
  assert.deepEqual(vmmsPolicy.parseOptions({ threshold: 4 }), { ...defaults, threshold: 4 });
  assert.equal(vmmsPolicy.lookbackMs(defaults), 60_000);
});
