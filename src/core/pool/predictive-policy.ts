import { InputError } from '../errors.js';
import { OptionReader } from './option-reader.js';
import { poissonUpperQuantile } from './poisson.js';
import { clampReady, type PoolBounds, type PoolObservation, type PoolPolicy, type PolicyResult } from './pool-policy.js';
import { countInWindow, ewmaRate, MS_PER_MINUTE, perMinute, sparseRate } from './request-rate.js';

/**
 * Drover's pool policy: hold just enough warm instances that a request finds the pool
 * empty with probability at most epsilon, from the measured request rate and refill time.
 *
 * Why a base-stock rule. Each lease takes one ready instance and the controller at once
 * boots a replacement, which becomes ready one refill time L later. Keep the inventory
 * position (ready + provisioning) at S and the ready count at any moment is S minus the
 * requests of the last L (each of those still has its replacement in flight). A request
 * therefore finds the pool empty exactly when the previous L held S or more requests.
 * With Poisson arrivals at rate lambda that number is Poisson(lambda L), and (arrivals
 * see time averages) the share of cold starts is P[Poisson(lambda L) >= S]. The target
 * is the smallest S with that share <= epsilon: S = 1 + (smallest k with P[X > k] <= eps).
 * Note ">= S", not "> S": with S = 0 every request is cold, whatever the rate.
 * Provisioning instances count toward S because they arrive within L; counting only the
 * ready ones would order the same replacement twice.
 *
 * The rule is slightly conservative: a cold-started request boots its own VM and takes
 * nothing from the pool (a lost sale, not a backorder), which makes the pool an Erlang
 * loss system whose empty share, Erlang-B(S, lambda L), is a little below the Poisson
 * tail. The margin absorbs what Poisson ignores: requests for several instances at once
 * and refill times that vary.
 *
 * The rate: an exponentially weighted average over `longWindowMs` (stable), unless the
 * last `shortWindowMs` runs `burstFactor` times hotter (with at least `burstMinRequests`
 * requests, so one stray request is no burst): then the short rate (fast scale-up).
 * Scale-up is immediate; scale-down is rate-limited (`scaleDownPerMinute` instances, or
 * `scaleDownFraction` of the target, per minute, whichever is more) so that a lull
 * between bursts does not empty a pool that will be needed again minutes later.
 * `reviewMs` adds the controller's own delay to L (periodic review: protect L + R).
 */
export interface PredictiveOptions {
  epsilon: number;
  shortWindowMs: number;
  longWindowMs: number;
  burstFactor: number;
  burstMinRequests: number;
  scaleDownPerMinute: number;
  scaleDownFraction: number;
  reviewMs: number;
  /** Sparse demand: the rate is at least the last `sparseRequests` requests over the time they took (0: off). */
  sparseRequests: number;
  /** How far back the sparse-demand rate looks. */
  sparseWindowMs: number;
  /** Refill time assumed until one has been measured (obs.refillMs <= 0). */
  fallbackRefillMs: number;
}

export interface PredictiveState {
  /** The rate-limited target (fractional, within [min, n]) and when it was set; null at first. */
  level: number | null;
  at: number | null;
}

export const PREDICTIVE_DEFAULTS: Readonly<PredictiveOptions> = Object.freeze({
  epsilon: 1e-4,
  shortWindowMs: 5 * MS_PER_MINUTE,
  longWindowMs: 60 * MS_PER_MINUTE,
  burstFactor: 2,
  burstMinRequests: 3,
  scaleDownPerMinute: 1,
  scaleDownFraction: 0.05,
  reviewMs: 0,
  sparseRequests: 3,
  sparseWindowMs: 24 * 60 * MS_PER_MINUTE,
  fallbackRefillMs: 5 * MS_PER_MINUTE,
});

const KEYS = Object.keys(PREDICTIVE_DEFAULTS);

function parsePredictiveOptions(raw: unknown, path = 'pool.options'): PredictiveOptions {
  const r = new OptionReader(raw, path, KEYS, 'predictive');
  const d = PREDICTIVE_DEFAULTS;
  const o: PredictiveOptions = {
    epsilon: r.number('epsilon', d.epsilon, { min: 0, max: 1, open: true }),
    shortWindowMs: r.number('shortWindowMs', d.shortWindowMs, { min: 1 }),
    longWindowMs: r.number('longWindowMs', d.longWindowMs, { min: 1 }),
    burstFactor: r.number('burstFactor', d.burstFactor, { min: 1 }),
    burstMinRequests: r.number('burstMinRequests', d.burstMinRequests, { min: 1, integer: true }),
    scaleDownPerMinute: r.number('scaleDownPerMinute', d.scaleDownPerMinute, { min: 0 }),
    scaleDownFraction: r.number('scaleDownFraction', d.scaleDownFraction, { min: 0, max: 1 }),
    reviewMs: r.number('reviewMs', d.reviewMs, { min: 0 }),
    sparseRequests: r.number('sparseRequests', d.sparseRequests, { min: 0, integer: true }),
    sparseWindowMs: r.number('sparseWindowMs', d.sparseWindowMs, { min: 1 }),
    fallbackRefillMs: r.number('fallbackRefillMs', d.fallbackRefillMs, { min: 1 }),
  };
  if (o.longWindowMs < o.shortWindowMs) {
    throw new InputError(`${r.field('longWindowMs')} must be at least shortWindowMs (${o.shortWindowMs})`, r.field('longWindowMs'));
  }
  return o;
}

/** Smallest S with P[Poisson(mean) >= S] <= epsilon; 0 when no demand at all. */
export function baseStock(mean: number, epsilon: number): number {
  return mean > 0 ? poissonUpperQuantile(epsilon, mean) + 1 : 0;
}

function decide(obs: PoolObservation, bounds: PoolBounds, o: PredictiveOptions, state: PredictiveState): PolicyResult<PredictiveState> {
  const { now } = obs;
  const refillMs = obs.refillMs > 0 && Number.isFinite(obs.refillMs) ? obs.refillMs : o.fallbackRefillMs;
  const leadMs = refillMs + o.reviewMs;

  const longRate = ewmaRate(obs.requestTimes, now, o.longWindowMs);
  const shortCount = countInWindow(obs.requestTimes, now, o.shortWindowMs);
  const shortRate = shortCount / o.shortWindowMs;
  const burst = shortCount >= o.burstMinRequests && shortRate > o.burstFactor * longRate;
  const sparse = sparseRate(obs.requestTimes, now, o.sparseRequests, o.longWindowMs, o.sparseWindowMs);
  const rate = Math.max(burst ? shortRate : longRate, sparse);
  const mean = rate * leadMs;
  const wanted = clampReady(baseStock(mean, o.epsilon), bounds.n, Infinity, bounds.min, 0);

  // Rate-limited descent, in the clamped space (a level far above n would take hours
  // to come back within it). The level is fractional so that small steps accumulate.
  // A new pool knows nothing of its demand yet: it starts at its ceiling n and comes
  // down at the scale-down rate as the measured demand allows (see README: priors).
  const ceiling = Math.max(0, Math.floor(bounds.n));
  const fresh = state.level === null || state.at === null || !Number.isFinite(state.level);
  const prior = fresh ? { level: ceiling, at: now } : { level: state.level!, at: state.at! };
  let level = wanted;
  let limited = false;
  if (wanted < prior.level) {
    const minutes = Math.max(0, now - prior.at) / MS_PER_MINUTE;
    const maxDrop = minutes * Math.max(o.scaleDownPerMinute, o.scaleDownFraction * prior.level);
    level = Math.min(Math.max(wanted, prior.level - maxDrop), ceiling);
    limited = level > wanted;
  }
  const ready = clampReady(Math.ceil(level - 1e-9), bounds.n, bounds.m, bounds.min, obs.leased);

  const source = burst
    ? `burst ${perMinute(shortRate)} over ${o.shortWindowMs / MS_PER_MINUTE}m`
    : sparse > longRate
      ? `sparse demand ${perMinute(sparse)} (last ${o.sparseRequests} requests)`
      : `${perMinute(longRate)} over ${o.longWindowMs / MS_PER_MINUTE}m`;
  let reason = `predictive: ${source} x refill ${(leadMs / 1000).toFixed(0)}s = ${mean.toFixed(2)} expected; ${wanted} for eps ${o.epsilon}`;
  if (limited) reason += `, scaling down slowly (${level.toFixed(1)})`;
  if (ready < Math.ceil(level - 1e-9)) reason += `, capped by m=${bounds.m} with ${obs.leased} leased`;
  return {
    target: { ready, m: bounds.m, n: bounds.n, reason },
    state: { level, at: fresh ? now : Math.max(prior.at, now) },
  };
}

export const predictivePolicy: PoolPolicy<PredictiveState, PredictiveOptions> = {
  name: 'predictive',
  initialState: () => ({ level: null, at: null }),
  parseOptions: parsePredictiveOptions,
  lookbackMs: (o) => Math.max(o.longWindowMs, o.shortWindowMs, o.sparseRequests > 0 ? o.sparseWindowMs : 0),
  decide,
};
