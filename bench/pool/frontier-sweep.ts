import { policyPool, type PolicyPool, type PoolSizing } from './bench-profile.js';

/**
 * The frontier mode's sweeps: each policy run over its sizing knob, everything else as
 * in a normal run, so that each policy gives a curve of (idle VM-hours, hit rate)
 * rather than one point.
 *
 * - static: its fixed size n0 (0 holds nothing: the same as `none`);
 * - vmms: its base size n0, its ceilings growing to 2x of it as in a normal run;
 * - predictive: its floor `min`, under the normal run's ceiling n (2 x --n0). A min
 *   above n is clamped to n, and a value that clamping makes a duplicate is dropped.
 */
export const FRONTIER_POLICIES = ['static', 'vmms', 'predictive'] as const;
export type FrontierPolicy = (typeof FRONTIER_POLICIES)[number];

export const FRONTIER_KNOBS: Readonly<Record<FrontierPolicy, 'n0' | 'min'>> = { static: 'n0', vmms: 'n0', predictive: 'min' };

export type FrontierSweeps = Record<FrontierPolicy, number[]>;

/** The default sweeps (overridden by --frontier-static, --frontier-vmms, --frontier-predictive). */
export const DEFAULT_FRONTIER_SWEEPS: Readonly<FrontierSweeps> = Object.freeze({
  static: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
  vmms: [2, 4, 6, 8, 10, 12],
  predictive: [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
});

/** One run of a sweep: which knob, at which value, and whether that is the normal run's setting. */
export interface SweepPoint {
  policy: FrontierPolicy;
  knob: 'n0' | 'min';
  value: number;
  /** The normal run's setting of this policy (static and vmms: n0 = --n0; predictive: min = --min). */
  isDefault: boolean;
  pool: PolicyPool;
}

export interface SweepDescription {
  knob: 'n0' | 'min';
  /** The values run, ascending, after clamping. */
  values: number[];
  /** The normal run's value of the knob (marked on the chart). */
  default: number;
  /** Values asked for that were clamped to a bound (predictive: min above n). */
  clamped: { asked: number; used: number }[];
  /** The pool settings that do not move along the sweep. */
  fixed: string;
}

/** The runs of each policy's sweep, in policy order then ascending value. */
export function sweepPoints(
  sweeps: FrontierSweeps,
  sizing: PoolSizing,
  policyOptions: Partial<Record<FrontierPolicy, Record<string, unknown>>> = {},
): { points: SweepPoint[]; description: Partial<Record<FrontierPolicy, SweepDescription>> } {
  const points: SweepPoint[] = [];
  const description: Partial<Record<FrontierPolicy, SweepDescription>> = {};
  for (const policy of FRONTIER_POLICIES) {
    const asked = sweeps[policy];
    if (asked.length === 0) continue;
    const knob = FRONTIER_KNOBS[policy];
    const options = policyOptions[policy] ?? {};
    const defaultValue = knob === 'n0' ? sizing.n0 : sizing.min;
    const clamped: { asked: number; used: number }[] = [];
    const seen = new Set<number>();
    for (const value of [...new Set(asked)].sort((a, b) => a - b)) {
      const pool = policyPool(policy, knob === 'n0' ? { ...sizing, n0: value } : { ...sizing, min: value }, options);
      const used = knob === 'n0' ? value : pool.min;
      if (used !== value) clamped.push({ asked: value, used });
      if (seen.has(used)) continue;
      seen.add(used);
      points.push({ policy, knob, value: used, isDefault: used === defaultValue, pool });
    }
    const one = points.find((p) => p.policy === policy)!.pool;
    description[policy] = {
      knob,
      values: [...seen],
      default: defaultValue,
      clamped,
      fixed:
        knob === 'n0'
          ? `m ${one.m}, min ${sizing.min} (at most n0)${policy === 'vmms' ? '; n and m grow by its growth factors (default up to 2x)' : ''}`
          : `n ${one.n} (ceiling), m ${one.m}`,
    };
  }
  return { points, description };
}
