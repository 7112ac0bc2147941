import { InputError } from '../errors.js';
import { nonePolicy, staticPolicy } from './fixed-policies.js';
import type { PoolPolicy } from './pool-policy.js';
import { predictivePolicy, type PredictiveOptions } from './predictive-policy.js';
import { vmmsPolicy, type VmmsOptions } from './vmms-policy.js';

/**
 * The pool policies a profile can name. A profile stores `pool.policy` (a name) and
 * `pool.options` (that policy's settings); both are checked when the profile is saved,
 * with `parsePolicyOptions`, so a controller never meets a bad option at run time.
 */
export const POLICY_NAMES = ['vmms', 'predictive', 'static', 'none'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface PolicyOptions {
  vmms: VmmsOptions;
  predictive: PredictiveOptions;
  static: Record<string, never>;
  none: Record<string, never>;
}

// Method parameters are bivariant, so each concrete policy fits the erased type.
export type AnyPoolPolicy = PoolPolicy<unknown, unknown>;

const REGISTRY: Record<PolicyName, AnyPoolPolicy> = {
  vmms: vmmsPolicy,
  predictive: predictivePolicy,
  static: staticPolicy,
  none: nonePolicy,
};

export function isPolicyName(name: unknown): name is PolicyName {
  return typeof name === 'string' && (POLICY_NAMES as readonly string[]).includes(name);
}

/** The policy called `name`; InputError (field `field`) for an unknown name. */
export function policyByName(name: string, field = 'pool.policy'): AnyPoolPolicy {
  if (!isPolicyName(name)) throw new InputError(`${field} must be one of ${POLICY_NAMES.join(', ')} (got '${name}')`, field);
  return REGISTRY[name];
}

/**
 * Validates `raw` as the options of policy `name` and returns them with defaults filled
 * in. Throws InputError naming the field, e.g. "pool.options.epsilon must be between
 * 0 and 1 (exclusive)". `path` is where the options live in the caller's document.
 */
export function parsePolicyOptions<N extends PolicyName>(name: N, raw: unknown, path?: string): PolicyOptions[N];
export function parsePolicyOptions(name: string, raw: unknown, path?: string): unknown;
export function parsePolicyOptions(name: string, raw: unknown, path = 'pool.options'): unknown {
  return policyByName(name).parseOptions(raw, path);
}
