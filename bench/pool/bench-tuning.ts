import type { InstanceControllerOptions } from '../../src/controllers/instance/instance-context.js';
import type { LeaseControllerOptions } from '../../src/controllers/lease/lease-controller.js';
import type { NotificationControllerOptions } from '../../src/controllers/notify/notification-controller.js';
import type { PoolControllerOptions } from '../../src/controllers/pool/pool-options.js';

/**
 * Controller settings for the replay. Production polls: every pool every 5 s, every
 * new or changed instance row within 2 s, every booting instance every 2 s, every
 * healthy instance every 30 s, every lease every 30 s. Over 14 days of virtual time
 * that is tens of millions of reconciles that find nothing to do, so the replay
 * keeps the behaviour the figures depend on and drops the idle polling:
 *
 * - wake-ups instead of pick-up polling: when a row another controller must act on
 *   is written (a new instance row, -> deleting, -> stopped, a restart ask; a VM that
 *   became ready or was booted for a waiting lease), that controller's runner is
 *   enqueued for the key after a delay drawn uniformly from the production poll
 *   interval (2 s), as a poll with a random phase finds it: same mean delay, and
 *   waiting leases race for a VM that comes ready in no fixed order, as they do. The
 *   periodic resyncs remain, rarer, as the safety net.
 * - the simulated cloud reports each server it changed on its own (a boot finished, a
 *   delete completed), and the instance controller is woken for it the same way;
 *   booting and deleting VMs are still polled, every 30 s, as the safety net.
 * - requests, releases and renewals enqueue the lease id and the pool key, as `main`
 *   does after every lease the API writes.
 * - the pool pass runs every 5 min besides those wake-ups (production: 5 s) and trims
 *   up to 60 surplus VMs per pass: the production trim rate (1 per 5 s pass) in fewer
 *   passes. This is the one setting that moves a figure: a target that falls between
 *   two requests (vmms stepping back, predictive coming down) is acted on up to 5 min
 *   late, which adds a little idle time to every policy that trims (against 1- and
 *   2-minute passes: 0.6% of vmms's idle VM-hours, 1.5% of predictive's; the check
 *   against production settings is in bench/README.md). Each pass reads every
 *   instance of the pool, so the pass rate is also most of the replay's cost.
 * - health checks of ready and leased VMs, and the full resyncs, once a day (no faults
 *   are injected, so they find nothing; they still run).
 */
export interface BenchTuning {
  pool: PoolControllerOptions;
  instance: InstanceControllerOptions;
  lease: Omit<LeaseControllerOptions, 'logger'>;
  notify: Omit<NotificationControllerOptions, 'logger' | 'random'>;
  /**
   * The production poll intervals the wake-ups stand in for: a woken key runs after a
   * delay drawn uniformly from [0, interval), as a poll with a random phase would find
   * it. null: no wake-ups, the controllers find every change by polling (production).
   */
  wakeups: { instancePollMs: number; leasePollMs: number } | null;
}

const HOUR = 3_600_000;
export const BENCH_TUNING: BenchTuning = {
  pool: { intervalMs: 300_000, trimPerPass: 60 },
  instance: { pickupMs: HOUR, fullResyncMs: 24 * HOUR, pollMs: 30_000, checkIntervalMs: 24 * HOUR, scanMaxAgeMs: 60_000 },
  lease: { provisioningPollMs: 60_000, resyncMs: 24 * HOUR },
  notify: { pollMs: 600_000 },
  wakeups: { instancePollMs: 2_000, leasePollMs: 2_000 },
};

/** Production defaults, for checking what the tuning changes (slow: short traces only). */
export const PRODUCTION_TUNING: BenchTuning = { pool: {}, instance: {}, lease: {}, notify: {}, wakeups: null };
