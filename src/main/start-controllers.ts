import type { Clock } from '../core/clock.js';
import type { CloudDriver } from '../drivers/cloud-driver.js';
import type { Notifier } from '../drivers/notifier.js';
import { HostSyncController } from '../controllers/host-sync/host-sync-controller.js';
import { InstanceController } from '../controllers/instance/instance-controller.js';
import { OrphanSweepController } from '../controllers/instance/orphan-sweep-controller.js';
import { LeaseController } from '../controllers/lease/lease-controller.js';
import { NotificationController } from '../controllers/notify/notification-controller.js';
import { PoolController } from '../controllers/pool/pool-controller.js';
import { ControllerRunner, type RunnerOptions } from '../controllers/runtime/controller-runner.js';
import type { Logger } from '../controllers/runtime/logger.js';
import type { Store } from '../store/store.js';

export interface ControllerSet {
  hostSync: ControllerRunner;
  pool: ControllerRunner;
  instance: ControllerRunner;
  orphans: ControllerRunner;
  lease: ControllerRunner;
  notify: ControllerRunner;
  all: ControllerRunner[];
  stop(): Promise<void>;
}

export interface ControllerSettings {
  hostSyncMs: number;
}

/**
 * Every reconciler, each on its own runner; they meet in the store. `installationId`
 * is the store's (Store.installationId), read once by the caller: the instance
 * controller tags servers with it and the orphan sweep deletes only what carries it.
 */
export function startControllers(
  deps: { store: Store; drivers: ReadonlyMap<string, CloudDriver>; notifier: Notifier; clock: Clock; logger: Logger; installationId: string },
  settings: ControllerSettings,
  observe?: RunnerOptions['observe'],
): ControllerSet {
  const { store, drivers, notifier, clock, logger, installationId } = deps;
  const run = { clock, logger, ...(observe ? { observe } : {}) };
  const shared = { store, drivers, logger };
  const set = {
    hostSync: new ControllerRunner(new HostSyncController(store, drivers, { intervalMs: settings.hostSyncMs }), run),
    pool: new ControllerRunner(new PoolController(shared), run),
    // Every instance step is a cloud call: several at once keep provisioning fast on a real cloud.
    instance: new ControllerRunner(new InstanceController({ ...shared, installationId }), { ...run, concurrency: 8 }),
    orphans: new ControllerRunner(new OrphanSweepController({ ...shared, installationId }), run),
    lease: new ControllerRunner(new LeaseController(store, { logger }), { ...run, concurrency: 4 }),
    notify: new ControllerRunner(new NotificationController(store, notifier, { logger }), run),
  };
  const all = Object.values(set);
  for (const r of all) r.start();
  return {
    ...set,
    all,
    async stop() {
      await Promise.all(all.map((r) => r.stop()));
    },
  };
}
