import { QuotaExceededError } from '../errors.js';

/** Limits of one user or project; null means unlimited. (The store re-exports this type.) */
export interface QuotaLimits {
  instances: number | null;
  vcpus: number | null;
  ramMb: number | null;
}

/** Resources held by live leases, or asked for by a request. (The store re-exports this type.) */
export interface Usage {
  instances: number;
  vcpus: number;
  ramMb: number;
}

export type QuotaScope = 'user' | 'project';
export type QuotaResource = keyof Usage;

export interface QuotaViolation {
  scope: QuotaScope;
  resource: QuotaResource;
  used: number;
  requested: number;
  limit: number;
}

const SCOPES: readonly QuotaScope[] = ['user', 'project'];
const RESOURCES: readonly QuotaResource[] = ['instances', 'vcpus', 'ramMb'];

/** What `count` VMs of a flavor ask for. */
export function requestedUsage(count: number, flavor: { vcpus: number; ramMb: number }): Usage {
  return { instances: count, vcpus: count * flavor.vcpus, ramMb: count * flavor.ramMb };
}

/**
 * Every limit the request would take past its quota, user limits first. A limit is
 * exceeded when used + requested > limit: reaching it exactly is allowed. Usage
 * already above a limit (it was lowered) refuses any further request but never
 * takes anything away.
 */
export function quotaViolations(
  limits: Record<QuotaScope, QuotaLimits | null>,
  usage: Record<QuotaScope, Usage>,
  request: Usage,
): QuotaViolation[] {
  const out: QuotaViolation[] = [];
  for (const scope of SCOPES) {
    const l = limits[scope];
    if (l === null) continue;
    for (const resource of RESOURCES) {
      const limit = l[resource];
      const used = usage[scope][resource];
      const requested = request[resource];
      if (limit !== null && requested > 0 && used + requested > limit) out.push({ scope, resource, used, requested, limit });
    }
  }
  return out;
}

/**
 * Refuses a request over quota with a QuotaExceededError that says which limits, e.g.
 * "user quota exceeded: vcpus 16 + 8 > 20" (used + requested > limit).
 */
export function checkQuota(limits: Record<QuotaScope, QuotaLimits | null>, usage: Record<QuotaScope, Usage>, request: Usage): void {
  const violations = quotaViolations(limits, usage, request);
  if (violations.length === 0) return;
  const parts = SCOPES.flatMap((scope) => {
    const mine = violations.filter((v) => v.scope === scope);
    if (mine.length === 0) return [];
    return [`${scope} quota exceeded: ${mine.map((v) => `${v.resource} ${v.used} + ${v.requested} > ${v.limit}`).join(', ')}`];
  });
  throw new QuotaExceededError(parts.join('; '));
}
