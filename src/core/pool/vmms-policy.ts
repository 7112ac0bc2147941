import { InputError } from '../errors.js';
import { OptionReader } from './option-reader.js';
import { clampReady, type PoolBounds, type PoolObservation, type PoolPolicy, type PolicyResult } from './pool-policy.js';
import { countInWindow } from './request-rate.js';

/**
 * The seed's baseline (VMMS, seed 001): keep n instances ready. When the requests within
 * a window exceed a threshold, grow m and n to 1.5x; above twice the threshold, to 2x.
 * When demand falls, converge back, one step per cooldown. Generalised to a ladder:
 * growth[i] applies when the window holds more than threshold * (i + 1) requests.
 *
 * Growth is immediate; convergence waits until demand has not warranted the current
 * factor for `cooldownMs` (at 2x: not above 2x threshold), then steps down
 * `convergeStep` rungs, and waits another cooldown before the next step.
 */
export interface VmmsOptions {
  windowMs: number;
  threshold: number;
  growth: number[];
  cooldownMs: number;
  convergeStep: number;
}

export interface VmmsState {
  /** Rung of the growth ladder: 0 = base size, i > 0 = growth[i - 1]. */
  step: number;
  factor: number;
  /** Last time demand was above the current rung's trigger (ms), or null. */
  warrantedAt: number | null;
  /** Last time the rung changed (ms), or null. */
  changedAt: number | null;
}

export const VMMS_DEFAULTS: Readonly<VmmsOptions> = Object.freeze({
  windowMs: 60_000,
  threshold: 10,
  growth: [1.5, 2],
  cooldownMs: 10 * 60_000,
  convergeStep: 1,
});

const KEYS = ['windowMs', 'threshold', 'growth', 'cooldownMs', 'convergeStep'] as const;

function parseVmmsOptions(raw: unknown, path = 'pool.options'): VmmsOptions {
  const r = new OptionReader(raw, path, KEYS, 'vmms');
  const growth = r.numbers('growth', VMMS_DEFAULTS.growth, { min: 1, max: 100 });
  growth.forEach((g, i) => {
    const before = growth[i - 1];
    if (before !== undefined && g < before) {
      throw new InputError(`${r.field('growth')}.${i} must be at least the factor before it (${before})`, `${r.field('growth')}.${i}`);
    }
  });
  return {
    windowMs: r.number('windowMs', VMMS_DEFAULTS.windowMs, { min: 1 }),
    threshold: r.number('threshold', VMMS_DEFAULTS.threshold, { min: 0 }),
    growth,
    cooldownMs: r.number('cooldownMs', VMMS_DEFAULTS.cooldownMs, { min: 0 }),
    convergeStep: r.number('convergeStep', VMMS_DEFAULTS.convergeStep, { min: 1, integer: true }),
  };
}

function decide(obs: PoolObservation, bounds: PoolBounds, o: VmmsOptions, state: VmmsState): PolicyResult<VmmsState> {
  const { now } = obs;
  const count = countInWindow(obs.requestTimes, now, o.windowMs);
  // The highest rung this window's demand reaches.
  let level = 0;
  while (level < o.growth.length && count > o.threshold * (level + 1)) level++;

  let step = Math.min(Math.max(0, Math.floor(state.step) || 0), o.growth.length);
  let { warrantedAt, changedAt } = state;
  let why: string;
  if (level >= step) {
    if (level > step) changedAt = now;
    step = level;
    warrantedAt = step > 0 ? now : warrantedAt;
    why = step > 0 ? `${count} requests in ${o.windowMs / 1000}s > ${o.threshold * step}` : `${count} requests in ${o.windowMs / 1000}s <= threshold ${o.threshold}`;
  } else {
    // A missing mark (state from an older version, or options changed) starts the cooldown now.
    warrantedAt ??= now;
    const quietSince = Math.max(warrantedAt, changedAt ?? warrantedAt);
    if (now - quietSince >= o.cooldownMs) {
      step = Math.max(level, step - o.convergeStep);
      changedAt = now;
      why = `demand fell (${count} requests in ${o.windowMs / 1000}s): converging`;
    } else {
      why = `demand fell (${count} requests in ${o.windowMs / 1000}s): cooldown ends in ${Math.ceil((quietSince + o.cooldownMs - now) / 1000)}s`;
    }
  }

  const factor = step === 0 ? 1 : o.growth[step - 1]!;
  const n = Math.ceil(Math.max(0, bounds.n) * factor);
  const m = Math.ceil(Math.max(0, bounds.m) * factor);
  const ready = clampReady(n, n, m, bounds.min, obs.leased);
  return {
    target: { ready, m, n, reason: `vmms ${factor}x: ${why}` },
    state: { step, factor, warrantedAt, changedAt },
  };
}

export const vmmsPolicy: PoolPolicy<VmmsState, VmmsOptions> = {
  name: 'vmms',
  initialState: () => ({ step: 0, factor: 1, warrantedAt: null, changedAt: null }),
  parseOptions: parseVmmsOptions,
  lookbackMs: (o) => o.windowMs,
  decide,
};
