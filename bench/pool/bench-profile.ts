import { formatDuration } from '../../src/core/duration.js';
import { parseProfile, type Profile } from '../../src/core/leasing/index.js';
import { VMMS_DEFAULTS } from '../../src/core/pool/vmms-policy.js';

/**
 * The profile each trace profile is replayed with, and each policy's pool settings.
 *
 * Same ceilings for every policy. vmms is configured with a base size (n0, m0) and
 * grows both to its largest growth factor (2x by default) when requests bunch up, so
 * its ceilings are 2 n0 and 2 m0. Every other policy gets those ceilings as its own
 * bounds: predictive's n is a ceiling it sizes below (never a size), and m bounds every
 * pool at the same total. static holds a fixed n0 (the hand-sized pool vmms starts
 * from), none holds nothing.
 */
export const POLICY_ORDER = ['none', 'static', 'vmms', 'predictive'] as const;
export type BenchPolicy = (typeof POLICY_ORDER)[number];

export interface PoolSizing {
  /** vmms's base n (and static's fixed size). */
  n0: number;
  /** vmms's base m. */
  m0: number;
  /** Every pool's min (none ignores it; vmms and static hold n >= min anyway). */
  min: number;
}

/**
 * n0 10 (the size the policies' README uses for vmms); m0 far above what any built-in
 * trace holds; min 1, the profile default.
 */
export const DEFAULT_SIZING: PoolSizing = { n0: 10, m0: 1000, min: 1 };

export interface PolicyPool {
  policy: BenchPolicy;
  m: number;
  n: number;
  min: number;
  options: Record<string, unknown>;
}

/** The largest growth factor vmms can reach with the options it is given. */
function vmmsCeilingFactor(options: Record<string, unknown>): number {
  const growth = (options.growth as number[] | undefined) ?? VMMS_DEFAULTS.growth;
  return Math.max(1, ...growth);
}

export function policyPool(policy: BenchPolicy, sizing: PoolSizing, options: Record<string, unknown> = {}): PolicyPool {
  const g = vmmsCeilingFactor(policy === 'vmms' ? options : {});
  const nCeiling = Math.ceil(sizing.n0 * g);
  const mCeiling = Math.ceil(sizing.m0 * g);
  switch (policy) {
    case 'vmms':
      return { policy, n: sizing.n0, m: sizing.m0, min: Math.min(sizing.min, sizing.n0), options };
    case 'predictive':
      return { policy, n: nCeiling, m: mCeiling, min: Math.min(sizing.min, nCeiling), options };
    case 'static':
      return { policy, n: sizing.n0, m: mCeiling, min: Math.min(sizing.min, sizing.n0), options };
    case 'none':
      return { policy, n: 0, m: mCeiling, min: 0, options };
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A small VM on the simulated cloud, no floating IP, a generated password (the real
 * provisioning steps), warnings 24 h and 1 h before expiry (real notifications), and
 * a maximum lease long enough for every lease of the trace.
 */
export function benchProfile(name: string, pool: PolicyPool, longestLeaseMs: number): Profile {
  const maxLeaseMs = Math.max(30 * DAY_MS, Math.ceil(longestLeaseMs / DAY_MS) * DAY_MS);
  return parseProfile(
    {
      name,
      purpose: 'pool benchmark',
      clouds: ['sim'],
      image: 'cirros-0.6.2',
      flavor: 'm1.small',
      networks: ['private'],
      floatingIp: false,
      passwordLength: 16,
      defaultLease: '4h',
      maxLease: formatDuration(maxLeaseMs),
      maxRenewals: 3,
      warnBefore: ['1d', '1h'],
      pool: { policy: pool.policy, m: pool.m, n: pool.n, min: pool.min, options: pool.options, maxAge: '10d' },
    },
    `profiles.${name}`,
  );
}
