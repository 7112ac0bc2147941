import { InstanceController } from '../../src/controllers/instance/instance-controller.js';
import { LeaseController } from '../../src/controllers/lease/lease-controller.js';
import { NotificationController } from '../../src/controllers/notify/notification-controller.js';
import { PoolController } from '../../src/controllers/pool/pool-controller.js';
import { ControllerRunner } from '../../src/controllers/runtime/controller-runner.js';
import type { Notifier } from '../../src/drivers/notifier.js';
import { Prng } from '../../src/drivers/sim/prng.js';
import { SimCloud } from '../../src/drivers/sim/sim-cloud.js';
import { SimDriver } from '../../src/drivers/sim/sim-driver.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import type { Trace } from '../../src/sim/trace/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { LeaseRecord, Store } from '../../src/store/store.js';
import { benchProfile, type PolicyPool } from './bench-profile.js';
import { BENCH_TUNING, type BenchTuning } from './bench-tuning.js';
import { CloudWakeups } from './cloud-wakeups.js';
import { InstanceLedger, type LedgerPoint } from './instance-ledger.js';
import { StoreWakeups } from './store-wakeups.js';
import { TraceHolder } from './trace-holder.js';

/** Traces start on a Monday at 00:00 (UTC here), as the generators assume. */
export const TRACE_EPOCH = Date.UTC(2025, 0, 6);
const CLOUD = 'sim';
/** The simulated cloud's fixed scheduling time, part of boot-to-ready. */
const SCHEDULE_MS = 500;
const DAY_MS = 86_400_000;

export interface ReplayOptions {
  trace: Trace;
  pool: PolicyPool;
  seed: number;
  /** Median boot request to ready (ms), lognormal around it. */
  bootMedianMs: number;
  bootSigma: number;
  /** After the last arrival, run this long at most for waiting requests to be served. */
  settleMs?: number;
  tuning?: BenchTuning;
  /** Record pool counts at every change, for a plot. */
  keepPoints?: boolean;
}

export interface ReplayOutcome {
  leases: LeaseRecord[];
  idleVmHours: number;
  peakTotalVms: number;
  vmsCreated: number;
  bootToReadyMs: number[];
  renewals: { done: number; refused: number };
  /** Requests or releases the use cases refused: none expected. */
  refused: string[];
  points: LedgerPoint[];
  wallMs: number;
  reconciles: Record<string, number>;
}

/** A notifier that accepts everything and keeps nothing: the outbox is drained for real, cheaply. */
const nullNotifier: Notifier = { name: 'null', send: async () => {}, close: async () => {} };

/**
 * Replays one trace with one pool policy through the real leasing code: the store on
 * SQLite :memory:, the simulated cloud on a virtual clock, the pool, instance, lease
 * and notification controllers on their runners, and the trace's people (TraceHolder)
 * calling the same use cases as the REST API at their times. Deterministic for a
 * given trace, policy and seed.
 */
export async function replayTrace(o: ReplayOptions): Promise<ReplayOutcome> {
  const wallStart = performance.now();
  const tuning = o.tuning ?? BENCH_TUNING;
  const clock = new VirtualClock({ start: TRACE_EPOCH });
  const horizonAt = TRACE_EPOCH + o.trace.horizonS * 1000;
  const endAt = horizonAt + (o.settleMs ?? 3_600_000);

  let wakeInstance: (id: string) => void = () => {};
  const cloudWakeups = new CloudWakeups(clock, (id) => wakeInstance(id));
  const cloud = new SimCloud({
    clock: tuning.wakeups ? cloudWakeups.clock : clock,
    seed: `pool-bench-${o.seed}`,
    latencies: { schedule: { fixedMs: SCHEDULE_MS }, boot: { medianMs: Math.max(0, o.bootMedianMs - SCHEDULE_MS), sigma: o.bootSigma } },
  });
  cloudWakeups.watch(cloud);
  const drivers = new Map([[CLOUD, new SimDriver(cloud)]]);

  const raw = await openStore(':memory:');
  const ledger = new InstanceLedger(TRACE_EPOCH, horizonAt, o.keepPoints ?? false);
  const phases = new Prng(`pool-bench-wakeups-${o.seed}`);
  const storeWakeups = new StoreWakeups(tuning.wakeups, () => phases.float());
  const store = ledger.wrap(raw, storeWakeups.hooks);

  await store.upsertCloud({ name: CLOUD, kind: 'sim', description: 'pool benchmark' });
  const longest = Math.max(0, ...o.trace.requests.map((r) => r.durationS * 1000 * (r.renewAtS !== undefined ? 2 : 1)));
  for (const name of new Set(o.trace.requests.map((r) => r.profile))) await store.upsertProfile(benchProfile(name, o.pool, longest), clock.now());
  const user = await store.createUser({ name: 'bench', role: 'user', project: 'bench', email: null }, clock.now());

  // Seeded randomness everywhere: instance ids and passwords, backoff jitter.
  const bytes = new Prng(`pool-bench-bytes-${o.seed}`);
  const randomBytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(bytes.float() * 256));
  const jitter = new Prng(`pool-bench-runners-${o.seed}`);
  const reconciles: Record<string, number> = {};
  const run = {
    clock,
    random: () => jitter.float(),
    observe: (x: { controller: string }) => void (reconciles[x.controller] = (reconciles[x.controller] ?? 0) + 1),
  };
  // A fixed installation id: the benchmark's cloud is its own, and runs stay comparable.
  const deps = { store, drivers, randomBytes, installationId: 'pool-bench' };
  const pool = new ControllerRunner(new PoolController(deps, tuning.pool), run);
  const instance = new ControllerRunner(new InstanceController(deps, tuning.instance), { ...run, concurrency: 8 });
  const lease = new ControllerRunner(new LeaseController(store, tuning.lease), { ...run, concurrency: 4 });
  const notify = new ControllerRunner(new NotificationController(store, nullNotifier, { ...tuning.notify, random: run.random }), run);
  const runners = [pool, instance, lease, notify];
  storeWakeups.attach({ instance, lease });
  if (tuning.wakeups) {
    const pollMs = tuning.wakeups.instancePollMs;
    wakeInstance = (id) => instance.enqueue(id, phases.float() * pollMs);
  }
  for (const r of runners) r.start();

  const holder = new TraceHolder({ clock, store, user, lease, pool, endAt });
  holder.schedule(o.trace.requests);
  // Day-long steps (the clock fires every due timer in order within each), then on
  // until every request got its VM or gave up, within the settle time.
  while (clock.now() < horizonAt) await clock.advanceTo(Math.min(horizonAt, clock.now() + DAY_MS));
  while (clock.now() < endAt && storeWakeups.waiting.size > 0) await clock.advance(60_000);

  const idleVmHours = ledger.idleVmHours(clock.now());
  for (const r of runners) await r.stop();
  holder.stop();
  const leases = await raw.listLeases();
  await checkLedger(raw, ledger);
  await raw.close();
  cloud.close();
  return {
    leases,
    idleVmHours,
    peakTotalVms: ledger.peakTotal,
    vmsCreated: ledger.created,
    bootToReadyMs: ledger.bootToReadyMs,
    renewals: holder.renewals,
    refused: holder.refused,
    points: ledger.points,
    wallMs: performance.now() - wallStart,
    reconciles,
  };
}

/** The ledger must agree with the store, or the idle figure measures nothing. */
async function checkLedger(store: Store, ledger: InstanceLedger): Promise<void> {
  const seen = ledger.states();
  const rows = await store.listInstances();
  const wrong = rows.filter((row) => seen.get(row.id) !== row.state);
  if (wrong.length > 0 || rows.length !== seen.size) {
    throw new Error(`instance ledger out of step with the store: ${wrong.length} of ${rows.length} rows differ (${seen.size} tracked)`);
  }
}
