import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { parsePolicyOptions, policyByName, POLICY_NAMES, type PolicyName } from './policies.js';
import { instancesToCreate, instancesToTrim, type PoolBounds, type PoolObservation } from './pool-policy.js';

const MIN = 60_000;

/** mulberry32: a tiny seeded PRNG, so every failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function randomOptions(name: PolicyName, r: () => number): unknown {
  if (name === 'vmms') {
    const first = 1 + r() * 2;
    return { windowMs: int(r, 1, 10) * 30_000, threshold: int(r, 0, 15), growth: [first, first + r() * 2], cooldownMs: int(r, 0, 20) * MIN, convergeStep: int(r, 1, 3) };
  }
  if (name === 'predictive') {
    const shortWindowMs = int(r, 1, 10) * MIN;
    return {
      epsilon: 0.001 + r() * 0.5, shortWindowMs, longWindowMs: shortWindowMs * int(r, 1, 20), burstFactor: 1 + r() * 4, burstMinRequests: int(r, 1, 6),
      scaleDownPerMinute: r() * 5, scaleDownFraction: r() * 0.5, reviewMs: int(r, 0, 60) * 1000, fallbackRefillMs: int(r, 1, 20) * MIN,
    };
  }
  return {};
}

/** Observations with arbitrary counts (even above m, as after m is lowered) and bursty traffic. */
function randomRun(seed: number, name: PolicyName) {
  const r = rng(seed);
  const policy = policyByName(name);
  const options = parsePolicyOptions(name, randomOptions(name, r));
  const bounds: PoolBounds = { m: int(r, 0, 60), n: int(r, 0, 40), min: int(r, 0, 12) };
  const maxGrowth = name === 'vmms' ? Math.max(1, ...(options as { growth: number[] }).growth) : 1;
  let state = policy.initialState();
  let now = 1_700_000_000_000;
  const times: number[] = [];
  for (let step = 0; step < 40; step++) {
    now += int(r, 0, 10 * MIN);
    const perMinute = r() < 0.2 ? r() * 60 : r() * 2;
    for (let t = now - 10 * MIN; t <= now; t += (MIN / Math.max(perMinute, 0.01)) * (0.2 + r() * 1.6)) if (t > (times.at(-1) ?? 0)) times.push(t);
    const obs: PoolObservation = {
      now, requestTimes: times.filter((t) => t > now - policy.lookbackMs(options)),
      ready: int(r, 0, bounds.m + 5), provisioning: int(r, 0, 10), leased: int(r, 0, bounds.m + 5),
      refillMs: r() < 0.1 ? 0 : int(r, 5, 1800) * 1000,
    };
    const result = policy.decide(obs, bounds, options, state);
    const again = policy.decide(obs, bounds, options, state);
    const { target } = result;
    const where = `${name} seed ${seed} step ${step}: ${JSON.stringify({ bounds, target, obs: { ...obs, requestTimes: obs.requestTimes.length } })}`;

    assert.deepEqual(again, result, `not deterministic: ${where}`);
    assert.ok(Number.isInteger(target.ready) && target.ready >= 0 && target.ready <= target.n, `ready out of [0, n]: ${where}`);
    assert.ok(target.n >= bounds.n && target.n <= Math.ceil(bounds.n * maxGrowth), `n beyond growth: ${where}`);
    assert.ok(target.m >= bounds.m && target.m <= Math.ceil(bounds.m * maxGrowth), `m beyond growth: ${where}`);
    assert.ok(target.ready <= Math.max(0, target.m - obs.leased), `ready leaves no room for leased: ${where}`);
    if (name !== 'none') assert.ok(target.ready >= Math.min(bounds.min, target.n, Math.max(0, target.m - obs.leased)), `below min: ${where}`);
    const create = instancesToCreate(obs, target);
    const total = obs.ready + obs.provisioning + obs.leased;
    assert.ok(Number.isInteger(create) && create >= 0, `bad create count: ${where}`);
    assert.ok(create === 0 || total + create <= target.m, `creating ${create} exceeds m: ${where}`);
    const trim = instancesToTrim(obs, target);
    assert.ok(trim >= 0 && trim <= obs.ready, `bad trim ${trim}: ${where}`);
    assert.deepEqual(JSON.parse(JSON.stringify(result.state)), result.state, `state is not plain JSON: ${where}`);
    assert.ok(target.reason.length > 0);
    state = JSON.parse(JSON.stringify(result.state));
  }
}

for (const name of POLICY_NAMES) {
  test(`${name}: invariants hold over 300 random seeded runs`, () => {
    for (let seed = 1; seed <= 300; seed++) randomRun(seed * 7919, name);
  });
}

test('static holds n and none holds nothing', () => {
  const obs: PoolObservation = { now: 0, ready: 2, provisioning: 0, leased: 1, requestTimes: [], refillMs: 1000 };
  const bounds = { m: 10, n: 4, min: 2 };
  assert.equal(policyByName('static').decide(obs, bounds, {}, {}).target.ready, 4);
  assert.equal(policyByName('none').decide(obs, bounds, {}, {}).target.ready, 0);
});

test('the registry knows the four policies and rejects other names', () => {
  for (const name of POLICY_NAMES) assert.equal(policyByName(name).name, name);
  assert.throws(() => policyByName('greedy'), (e: unknown) => e instanceof InputError && e.field === 'pool.policy' && /one of vmms, predictive, static, none/.test(e.message));
  assert.throws(() => parsePolicyOptions('greedy', {}), InputError);
});

test('parsePolicyOptions validates, names the field and fills defaults', () => {
  assert.throws(() => parsePolicyOptions('predictive', { epsilon: 2 }), (e: unknown) => e instanceof InputError && e.field === 'pool.options.epsilon' && /^pool\.options\.epsilon must be between 0 and 1/.test(e.message));
  assert.throws(() => parsePolicyOptions('static', { n: 3 }), (e: unknown) => e instanceof InputError && /pool\.options\.n is not an option of pool policy 'static' \(options: none\)/.test(e.message));
  assert.throws(() => parsePolicyOptions('vmms', 'fast'), (e: unknown) => e instanceof InputError && e.field === 'pool.options');
  assert.equal(parsePolicyOptions('predictive', { epsilon: 0.01 }).epsilon, 0.01);
  assert.equal(parsePolicyOptions('vmms', null).threshold, 10);
  assert.deepEqual(parsePolicyOptions('none', undefined), {});
});
