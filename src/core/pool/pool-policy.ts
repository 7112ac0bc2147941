/**
 * Pool sizing. A policy is a pure function: from what was observed of one pool (its
 * counts, the recent requests, the measured refill time) and the time `now`, it
 * computes how many ready instances the pool should hold, within the bounds.
 * Policies keep small state between calls (e.g. a growth factor, a smoothed rate);
 * the caller stores it (JSON) and passes it back, so a restart loses nothing.
 *
 * Bounds, from the seed (VMMS): total instances of a pool (ready + provisioning +
 * leased) <= m; ready instances <= n.
 */
export interface PoolBounds {
  /** Maximum total instances of the pool (ready + provisioning + leased). */
  m: number;
  /** Maximum ready (unleased) instances. */
  n: number;
  /** Minimum ready instances kept at any time (default 0). */
  min: number;
}

export interface PoolObservation {
  /** ms since the epoch. */
  now: number;
  ready: number;
  provisioning: number;
  leased: number;
  /** Times (ms) of requests served by or missed by this pool, oldest first, covering
   *  at least the policy's longest look-back window. */
  requestTimes: number[];
  /** Measured time from boot request to ready (ms), e.g. a recent median. */
  refillMs: number;
}

export interface PoolTarget {
  /** Ready instances the pool should hold once what is provisioning has arrived: the
   *  target for ready + provisioning (the "inventory position" of base-stock theory;
   *  `instancesToCreate` reads it that way). An integer, 0 <= ready <= n. */
  ready: number;
  /** Effective bounds after any growth (e.g. the seed's 1.5x / 2x). */
  m: number;
  n: number;
  /** Short explanation for operators, e.g. "burst: 14 req/min > threshold 10". */
  reason: string;
}

export interface PolicyResult<S> {
  target: PoolTarget;
  state: S;
}

/**
 * Contract: `decide` is deterministic (same arguments, same result), never throws for
 * any observation (counts may be inconsistent, e.g. above m after m was lowered), and
 * returns a target with integer 0 <= ready <= n. State is plain JSON (no Infinity, no
 * undefined); when a pool switches policy, the caller starts from `initialState()`.
 */
export interface PoolPolicy<S = unknown, O = unknown> {
  readonly name: string;
  initialState(): S;
  /** Validates the profile's raw settings and fills in defaults. Throws InputError
   *  naming the field under `path` (e.g. "pool.options.epsilon"). */
  parseOptions(raw: unknown, path?: string): O;
  /** How far back `obs.requestTimes` must reach for this policy (ms). */
  lookbackMs(options: O): number;
  /** `options` are the policy's own settings from the profile (validated by `parseOptions`). */
  decide(obs: PoolObservation, bounds: PoolBounds, options: O, state: S): PolicyResult<S>;
}

/**
 * Brings a wanted ready count within the hard limits: at least `min` (which never
 * exceeds n), at most n, and never more than m leaves room for beside the leased
 * instances. The order matters: m is physical (quota, capacity), min is a wish.
 */
export function clampReady(want: number, n: number, m: number, min: number, leased: number): number {
  const upper = Math.max(0, Math.floor(n));
  const lower = Math.min(Math.max(0, Math.ceil(min)), upper);
  const within = Math.min(Math.max(Math.ceil(want), lower), upper);
  const room = Math.max(0, Math.floor(m) - Math.max(0, leased));
  return Number.isFinite(within) ? Math.min(within, room) : Math.min(lower, room);
}

/**
 * How many instances to create now to reach the target, never exceeding m in total.
 * (Surplus ready instances are not deleted here: trimming is a separate, slower
 * decision so that a short lull does not throw away warm VMs.)
 */
export function instancesToCreate(obs: PoolObservation, target: PoolTarget): number {
  const wantReady = Math.max(0, target.ready - obs.ready - obs.provisioning);
  const room = Math.max(0, target.m - (obs.ready + obs.provisioning + obs.leased));
  return Math.min(wantReady, room);
}

/** How many surplus ready instances may be removed now (ready above the target, or above n). */
export function instancesToTrim(obs: PoolObservation, target: PoolTarget): number {
  return Math.max(0, obs.ready - Math.min(target.n, Math.max(target.ready, 0)));
}
