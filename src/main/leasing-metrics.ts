import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Store } from '../store/store.js';

const POOL_STATES = ['ready', 'provisioning', 'leased', 'stopped', 'recovering', 'failed'] as const;

/**
 * Leasing metrics, read from the store when Prometheus scrapes (as kube-state-metrics
 * does), so that they hold whichever replica or controller made the change:
 * - drover_pool_instances{profile,cloud,state} and drover_pool_target{profile,cloud}
 * - drover_leases{state} for live leases
 * - drover_lease_time_to_vm_seconds: request (or VM replacement) to usable VM (0 for a pool hit)
 * - drover_lease_events_total{reason}: reclaims, expiry warnings, fulfilments, ...
 * Requests, hits and misses are counted by the API as they happen
 * (drover_lease_requests_total{result}).
 */
export function registerLeasingMetrics(registry: Registry, store: Store): void {
  let seenActive = 0;
  let seenEventId = 0;
  let primed = false;

  // Both advance in the histogram's collect: it is registered first, so it runs before
  // either is written out.
  const leaseEvents = new Counter({
    name: 'drover_lease_events_total',
    help: 'Lease events by reason (Reclaimed, ReclaimedAfterGrace, Stopped, ExpiryWarning, Fulfilled, Released, ...)',
    labelNames: ['reason'],
    registers: [],
  });
  const timeToVm = new Histogram({
    name: 'drover_lease_time_to_vm_seconds',
    help: 'Time from a lease request to a usable VM (0 when served from the warm pool)',
    buckets: [0.1, 1, 5, 15, 30, 60, 120, 300, 900, 1800],
    registers: [registry],
    collect: advance,
  });
  registry.registerMetric(leaseEvents);

  // Histogram and counter advance from the store's history on each scrape; the first
  // scrape only sets the watermarks, so a restart does not count the past again.
  async function advance(): Promise<void> {
    const live = await store.listLeases({ states: ['active', 'grace'] });
    const events = await store.listEvents({ kind: 'lease', ...(primed ? { sinceId: seenEventId } : {}), limit: 1000 });
    for (const l of live) {
      // A replaced VM's wait counts from the replacement (activeAt is when the current VM came).
      const asked = l.replacedAt ?? l.createdAt;
      if (primed && l.activeAt !== null && l.activeAt > seenActive) timeToVm.observe(Math.max(0, l.activeAt - asked) / 1000);
    }
    for (const e of events) if (primed && e.id > seenEventId) leaseEvents.inc({ reason: e.reason });
    seenActive = Math.max(seenActive, ...live.map((l) => l.activeAt ?? 0));
    seenEventId = Math.max(seenEventId, ...events.map((e) => e.id));
    primed = true;
  }

  new Gauge({
    name: 'drover_pool_instances',
    help: 'Instances of each pool by state',
    labelNames: ['profile', 'cloud', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await store.poolCounts()) {
        for (const state of POOL_STATES) this.set({ profile: c.profile, cloud: c.cloud, state }, c[state]);
      }
    },
  });
  new Gauge({
    name: 'drover_pool_target',
    help: "Ready instances each pool's policy asks for",
    labelNames: ['profile', 'cloud'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await store.poolCounts()) {
        const pool = await store.getPool(c.profile, c.cloud);
        if (pool) this.set({ profile: c.profile, cloud: c.cloud }, pool.target);
      }
    },
  });
  new Gauge({
    name: 'drover_leases',
    help: 'Live leases by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const state of ['provisioning', 'active', 'grace'] as const) {
        this.set({ state }, (await store.listLeases({ states: [state] })).length);
      }
    },
  });
}
