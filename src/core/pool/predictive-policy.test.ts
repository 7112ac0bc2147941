import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { instancesToCreate, type PoolBounds, type PoolObservation } from './pool-policy.js';
import { baseStock, predictivePolicy, type PredictiveOptions, type PredictiveState } from './predictive-policy.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const wide: PoolBounds = { m: 1000, n: 500, min: 0 };
const defaults = predictivePolicy.parseOptions({});

/** Evenly spaced requests at `perMinute` over [from, to). */
function stream(from: number, to: number, perMinute: number): number[] {
  const gap = MIN / perMinute;
  const out: number[] = [];
  for (let t = from; t < to; t += gap) out.push(t);
  return out;
}
function obs(now: number, requestTimes: number[], refillMs = 2 * MIN, counts: Partial<PoolObservation> = {}): PoolObservation {
  return { now, ready: 0, provisioning: 0, leased: 0, requestTimes, refillMs, ...counts };
}
/** A pool that has been running, settled at nothing: only the demand in `o` decides. */
const settled = (now: number): PredictiveState => ({ level: 0, at: now });
function once(o: PoolObservation, bounds = wide, options: PredictiveOptions = defaults) {
  return predictivePolicy.decide(o, bounds, options, settled(o.now)).target;
}

test('base stock: smallest S with P[Poisson(mean) >= S] <= epsilon', () => {
  assert.equal(baseStock(0, 0.05), 0); // no demand at all: nothing to hold
  assert.equal(baseStock(0.01, 0.05), 1); // rare demand still needs one, else every request is cold
  assert.equal(baseStock(1, 0.05), 4); // P[X >= 3] = 0.080, P[X >= 4] = 0.019
  assert.equal(baseStock(10, 0.05), 16); // P[X >= 15] = 0.083, P[X >= 16] = 0.049
  assert.equal(baseStock(10, 0.01), 19);
  assert.equal(baseStock(1000, 0.05), 1053);
});

test('the target grows with the request rate', () => {
  const now = 2 * HOUR;
  const targets = [0.5, 2, 8, 32].map((rate) => once(obs(now, stream(0, now, rate))).ready);
  for (let i = 1; i < targets.length; i++) assert.ok(targets[i]! > targets[i - 1]!, `${targets}`);
  // A steady 8/min with a 2-minute refill is a mean of 16 in flight.
  assert.ok(Math.abs(targets[2]! - baseStock(16, defaults.epsilon)) <= 1, `${targets[2]} vs ${baseStock(16, defaults.epsilon)}`);
});

test('the target grows with the refill time', () => {
  const now = 2 * HOUR;
  const times = stream(0, now, 2);
  const targets = [30_000, 2 * MIN, 8 * MIN, 30 * MIN].map((refill) => once(obs(now, times, refill)).ready);
  for (let i = 1; i < targets.length; i++) assert.ok(targets[i]! > targets[i - 1]!, `${targets}`);
});

test('a burst raises the target within one short window', () => {
  const start = 2 * HOUR;
  const background = stream(0, start, 0.5);
  const burstTimes = stream(start, start + 10 * MIN, 10);
  let state: PredictiveState = settled(start);
  const calm = predictivePolicy.decide(obs(start, background), wide, defaults, state);
  state = calm.state;
  let at5 = calm.target;
  for (let now = start + 30_000; now <= start + defaults.shortWindowMs; now += 30_000) {
    const r = predictivePolicy.decide(obs(now, [...background, ...burstTimes.filter((t) => t <= now)]), wide, defaults, state);
    state = r.state;
    at5 = r.target;
  }
  // 10/min x 2 min refill = mean 20 in flight.
  assert.ok(at5.ready >= baseStock(20, defaults.epsilon) - 1, `after one short window: ${at5.ready}`);
  assert.ok(at5.ready > 3 * calm.target.ready, `${calm.target.ready} -> ${at5.ready}`);
  assert.match(at5.reason, /burst/);
});

test('one stray request is no burst', () => {
  const now = 2 * HOUR;
  const quiet = stream(0, now - 10 * MIN, 0.1);
  const t = once(obs(now, [...quiet, now - 1000]));
  assert.doesNotMatch(t.reason, /burst/);
});

test('scale-down is rate-limited so a lull does not drain the pool', () => {
  const options = predictivePolicy.parseOptions({ scaleDownPerMinute: 1, scaleDownFraction: 0 });
  const end = HOUR;
  const busy = [...stream(0, end - 5 * MIN, 1), ...stream(end - 5 * MIN, end, 20)];
  let state: PredictiveState = settled(end);
  const ready: number[] = [];
  for (let now = end; now <= end + 60 * MIN; now += MIN) {
    const r = predictivePolicy.decide(obs(now, busy), wide, options, state);
    state = r.state;
    ready.push(r.target.ready);
  }
  const unlimited = once(obs(end + 10 * MIN, busy), wide, predictivePolicy.parseOptions({ scaleDownPerMinute: 1e6 })).ready;
  assert.ok(ready[0]! > unlimited + 10, `peak ${ready[0]} vs unlimited ${unlimited}`);
  for (let i = 1; i < ready.length; i++) assert.ok(ready[i - 1]! - ready[i]! <= 1, `dropped ${ready[i - 1]} -> ${ready[i]} at minute ${i}`);
  assert.equal(ready[10], ready[0]! - 10);
  assert.ok(ready.at(-1)! < ready[0]!);
});

test('scaling up is never rate-limited', () => {
  let state: PredictiveState = settled(HOUR);
  const low = predictivePolicy.decide(obs(HOUR, stream(0, HOUR, 0.2)), wide, defaults, state);
  state = low.state;
  const high = predictivePolicy.decide(obs(HOUR + 1000, stream(0, HOUR + 1000, 20)), wide, defaults, state);
  assert.ok(high.target.ready > low.target.ready + 20, `${low.target.ready} -> ${high.target.ready}`);
});

test('a new pool starts at its ceiling n and comes down at the scale-down rate as the demand allows', () => {
  // No history yet: a request in the first minutes must not find the pool empty.
  const bounds: PoolBounds = { m: 100, n: 20, min: 1 };
  const options = predictivePolicy.parseOptions({ scaleDownPerMinute: 1, scaleDownFraction: 0 });
  let r = predictivePolicy.decide(obs(0, []), bounds, options, predictivePolicy.initialState());
  assert.equal(r.target.ready, 20);
  assert.match(r.target.reason, /scaling down slowly/);
  const seen: number[] = [];
  for (let now = MIN; now <= 30 * MIN; now += MIN) {
    r = predictivePolicy.decide(obs(now, []), bounds, options, r.state);
    seen.push(r.target.ready);
  }
  assert.deepEqual(seen.slice(0, 3), [19, 18, 17]);
  assert.equal(seen.at(-1), 1, 'settles at min once the minutes have passed');
  // Demand that needs more than n: n from the start, nothing to come down from.
  const heavy = predictivePolicy.decide(obs(HOUR, stream(0, HOUR, 50)), bounds, options, predictivePolicy.initialState());
  assert.equal(heavy.target.ready, 20);
});

test('sparse demand keeps a pool through a quiet hour: the rate is read from the last few requests', () => {
  // One request every two hours for a day; an hour and ten minutes after the last one
  // the hour-long window is empty, but a second request within one refill is still
  // likely enough (for epsilon 1e-4) to keep two.
  const now = 24 * HOUR + 70 * MIN;
  const times = stream(0, 24 * HOUR, 1 / 120);
  assert.equal(once(obs(now, times)).ready, 2);
  assert.match(once(obs(now, times)).reason, /sparse demand/);
  assert.equal(once(obs(now, times), wide, predictivePolicy.parseOptions({ sparseRequests: 0 })).ready, 0, 'without it: nothing');
  assert.equal(once(obs(now + 48 * HOUR, times)).ready, 0, 'a day without requests: nothing');
});

test('respects n, min and the room m leaves', () => {
  const now = 2 * HOUR;
  const heavy = stream(0, now, 50);
  assert.equal(once(obs(now, heavy), { m: 100, n: 12, min: 0 }).ready, 12);
  assert.equal(once(obs(now, []), { m: 100, n: 12, min: 3 }).ready, 3);
  assert.equal(once(obs(now, heavy, 2 * MIN, { leased: 95 }), { m: 100, n: 12, min: 0 }).ready, 5);
  assert.equal(once(obs(now, [], 2 * MIN, { leased: 120 }), { m: 100, n: 12, min: 3 }).ready, 0);
  const t = once(obs(now, heavy), { m: 100, n: 12, min: 0 });
  assert.deepEqual([t.m, t.n], [100, 12]);
});

test('provisioning instances count toward the target', () => {
  const now = 2 * HOUR;
  const o = obs(now, stream(0, now, 8), 2 * MIN, { ready: 4, provisioning: 6 });
  const t = once(o);
  assert.equal(instancesToCreate(o, t), t.ready - 10);
});

test('an unmeasured refill time falls back to the configured one', () => {
  const now = 2 * HOUR;
  const times = stream(0, now, 4);
  const options = predictivePolicy.parseOptions({ fallbackRefillMs: 3 * MIN });
  assert.equal(once(obs(now, times, 0), wide, options).ready, once(obs(now, times, 3 * MIN), wide, options).ready);
});

test('deterministic: same inputs, same answer, whatever the order of request times', () => {
  const now = 2 * HOUR;
  const times = [...stream(0, now, 3), ...stream(now - 4 * MIN, now, 15)];
  const state: PredictiveState = { level: 40, at: now - 3 * MIN };
  const a = predictivePolicy.decide(obs(now, times), wide, defaults, state);
  const b = predictivePolicy.decide(obs(now, [...times].reverse()), wide, defaults, { ...state });
  assert.deepEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a.state)), a.state);
});

test('options are validated with the field named', () => {
  const bad: [unknown, RegExp][] = [
    [{ epsilon: 0 }, /^pool\.options\.epsilon must be between 0 and 1/],
    [{ epsilon: 1.5 }, /^pool\.options\.epsilon must be between 0 and 1/],
    [{ shortWindowMs: 0 }, /^pool\.options\.shortWindowMs must be at least 1/],
    [{ longWindowMs: 60_000, shortWindowMs: 120_000 }, /^pool\.options\.longWindowMs must be at least shortWindowMs/],
    [{ burstFactor: 0.5 }, /^pool\.options\.burstFactor must be at least 1/],
    [{ scaleDownFraction: 2 }, /^pool\.options\.scaleDownFraction must be between 0 and 1/],
    [{ burstMinRequests: 2.5 }, /^pool\.options\.burstMinRequests must be a whole number/],
    [{ epsilon: null }, /^pool\.options\.epsilon must be a number/],
    [{ eps: 0.1 }, /^pool\.options\.eps is not an option of pool policy 'predictive'/],
  ];
  for (const [raw, message] of bad) {
    assert.throws(() => predictivePolicy.parseOptions(raw), (e: unknown) => e instanceof InputError && message.test(e.message), JSON.stringify(raw));
  }
  assert.throws(() => predictivePolicy.parseOptions({ epsilon: 0 }, 'profiles.redis.pool.options'), (e: unknown) => e instanceof InputError && e.field === 'profiles.redis.pool.options.epsilon');
  assert.equal(predictivePolicy.lookbackMs(defaults), 24 * HOUR, 'the sparse-demand window');
  assert.equal(predictivePolicy.lookbackMs(predictivePolicy.parseOptions({ sparseRequests: 0 })), HOUR);
});
