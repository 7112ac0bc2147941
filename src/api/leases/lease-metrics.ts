import { Counter, type Registry } from 'prom-client';
import type { LeaseRecord } from '../../store/store.js';

const NAME = 'drover_lease_requests_total';
type Label = 'profile' | 'cloud' | 'result';

/**
 * Leases requested, by profile, cloud and result: `hit` (a ready VM at once) or `miss`
 * (a cold start). Retries of a request are not counted again. Got rather than created
 * when present, so several apps can share one registry.
 */
export function leaseRequestCounter(registry: Registry): (created: LeaseRecord[]) => void {
  const counter =
    (registry.getSingleMetric(NAME) as Counter<Label> | undefined) ??
    new Counter({
      name: NAME,
      help: 'Leases requested, by profile, cloud and result (hit: served from the warm pool; miss: a VM had to be booted)',
      labelNames: ['profile', 'cloud', 'result'],
      registers: [registry],
    });
  return (created) => {
    for (const l of created) counter.inc({ profile: l.profile, cloud: l.cloud, result: l.fromPool ? 'hit' : 'miss' });
  };
}
