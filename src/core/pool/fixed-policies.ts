import { OptionReader } from './option-reader.js';
import { clampReady, type PoolPolicy } from './pool-policy.js';

/** No options, no state: the fixed policies only bound-check what they are given. */
type NoOptions = Record<string, never>;
type NoState = Record<string, never>;

function noOptions(name: string) {
  return (raw: unknown, path = 'pool.options'): NoOptions => {
    new OptionReader(raw, path, [], name);
    return {};
  };
}

/** Always n ready (within m): the pool an operator sizes by hand. */
export const staticPolicy: PoolPolicy<NoState, NoOptions> = {
  name: 'static',
  initialState: () => ({}),
  parseOptions: noOptions('static'),
  lookbackMs: () => 0,
  decide: (obs, bounds, _options, state) => {
    const ready = clampReady(bounds.n, bounds.n, bounds.m, bounds.min, obs.leased);
    return { target: { ready, m: bounds.m, n: bounds.n, reason: `static: n=${bounds.n}` }, state };
  },
};

/**
 * Nothing kept warm: every request boots cold. `min` is deliberately ignored, since
 * this policy is the reference point for "what does a pool buy us" in benchmarks.
 */
export const nonePolicy: PoolPolicy<NoState, NoOptions> = {
  name: 'none',
  initialState: () => ({}),
  parseOptions: noOptions('none'),
  lookbackMs: () => 0,
  decide: (_obs, bounds, _options, state) => ({ target: { ready: 0, m: bounds.m, n: bounds.n, reason: 'none: no warm pool' }, state }),
};
