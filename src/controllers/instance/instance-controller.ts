import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { InstanceState } from '../../core/leasing/types.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import {
  resolveInstanceOptions,
  type InstanceContext,
  type InstanceControllerOptions,
  type InstanceControllerStore,
  type ResolvedInstanceOptions,
} from './instance-context.js';
import { reconcileBooting, reconcileConfiguring } from './provision-configure.js';
import { reconcilePending } from './provision-pending.js';
import { reconcileRecovering } from './recovery-actions.js';
import { ServerWatch } from './server-watch.js';
import { reconcileInService } from './state-manager.js';
import { reconcileDeleting, reconcileFailed } from './teardown.js';

export interface InstanceControllerDeps {
  store: InstanceControllerStore;
  /** Cloud name -> its driver. */
  drivers: ReadonlyMap<string, CloudDriver>;
  /**
   * This database's installation id (Store.installationId, read by the composition
   * root): every server booted carries it, and only servers carrying it are adopted or
   * deleted by their tag.
   */
  installationId: string;
  /** Source of the initial passwords; default node:crypto. */
  randomBytes?: (n: number) => Uint8Array;
  logger?: Logger;
}

/** States the controller still has work in (deleted is the end). */
const LIVE: InstanceState[] = ['pending', 'booting', 'configuring', 'ready', 'leased', 'stopped', 'recovering', 'failed', 'deleting'];

/**
 * Drives each instance through its life and keeps it healthy. Key: the instance id.
 *
 *   pending ─► booting ─► configuring ─► ready ⇄ leased ⇄ stopped
 *      │          │            │           │  recovering  │
 *      └──────────┴── failed ──┴───────────┴──► deleting ─► deleted
 *
 * Every step is recorded before its side effect (the row before the boot, the
 * password before the boot, the floating IP before its association, the recovery
 * action before the call), so a restarted process resumes each instance where it
 * stood: a server whose boot was never recorded is found by its `drover:instance`
 * tag and adopted. Other controllers only write intents into instance rows (the pool:
 * new rows, ready -> deleting; the lease controller: -> stopped, -> deleting, restart);
 * every cloud call on an instance's server is made here.
 */
export class InstanceController implements Reconciler {
  readonly name = 'instance';
  readonly resyncMs: number;
  private readonly opts: ResolvedInstanceOptions;
  private readonly watch: ServerWatch;
  private readonly log: Logger;
  private readonly randomBytes: (n: number) => Uint8Array;
  /** updatedAt of each live row at the last keys(): a changed row is enqueued at once. */
  private readonly seen = new Map<string, number>();
  private keysCalls = 0;

  constructor(
    private readonly deps: InstanceControllerDeps,
    options: InstanceControllerOptions = {},
  ) {
    this.opts = resolveInstanceOptions(options);
    this.watch = new ServerWatch({ maxAgeMs: this.opts.scanMaxAgeMs, fullEveryMs: this.opts.fullScanEveryMs });
    this.log = deps.logger ?? silentLogger;
    this.randomBytes = deps.randomBytes ?? ((n) => new Uint8Array(cryptoRandomBytes(n)));
    this.resyncMs = this.opts.pickupMs;
  }

  /**
   * Every live instance on the first call and every `fullResyncMs`; in between only
   * the rows that changed since the last call. Other controllers write intents into
   * rows (a new pending row, ready -> deleting, -> stopped, a restart ask) and cannot
   * enqueue here, so this short resync is how such an intent is picked up within
   * `pickupMs` without looking at every healthy instance that often.
   */
  async keys(): Promise<string[]> {
    const rows = await this.deps.store.listInstances({ states: LIVE });
    const full = this.keysCalls++ % Math.max(1, Math.round(this.opts.fullResyncMs / this.opts.pickupMs)) === 0;
    const changed = full ? rows : rows.filter((r) => this.seen.get(r.id) !== r.updatedAt);
    this.seen.clear();
    for (const r of rows) this.seen.set(r.id, r.updatedAt);
    return changed.map((r) => r.id);
  }

  async reconcile(id: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const inst = await this.deps.store.getInstance(id);
    if (!inst || inst.state === 'deleted') return {};
    const driver = this.deps.drivers.get(inst.cloud);
    if (!driver) {
      this.log.warn({ controller: this.name, instance: id, cloud: inst.cloud }, 'no driver for the instance\'s cloud');
      return { requeueAfterMs: this.opts.checkIntervalMs };
    }
    const c: InstanceContext = { store: this.deps.store, driver, watch: this.watch, now, opts: this.opts, log: this.log, randomBytes: this.randomBytes, installationId: this.deps.installationId };
    switch (inst.state) {
      case 'pending':
        return reconcilePending(c, inst);
      case 'booting':
        return reconcileBooting(c, inst);
      case 'configuring':
        return reconcileConfiguring(c, inst);
      case 'ready':
      case 'leased':
      case 'stopped':
        return reconcileInService(c, inst);
      case 'recovering':
        return reconcileRecovering(c, inst);
      case 'failed':
        return reconcileFailed(c, inst);
      case 'deleting':
        return reconcileDeleting(c, inst);
    }
  }
}
