import { LIVE_LEASE_STATES } from '../../core/leasing/types.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { reconcileEnded, reconcileMissing } from './ended-step.js';
import { reconcileExpiry } from './expiry-step.js';
import { HELD_STATES, heldInstances } from './lease-instances.js';
import type { LeaseControllerStore } from './lease-store.js';
import { failLease, reconcileProvisioning } from './provisioning-step.js';

export interface LeaseControllerOptions {
  /** How often a provisioning lease looks for a ready instance; default 2 s. */
  provisioningPollMs?: number;
  /** A provisioning lease without a VM this long after its request fails; default 30 min. */
  maxProvisioningWaitMs?: number;
  /**
   * An instance marked for a lease id that has no row goes back to the pool after this
   * long (a request that claimed and died before writing its lease); default 5 min.
   */
  orphanClaimGraceMs?: number;
  /** Full rescan of leases (new requests, renewals, releases are seen by it); default 30 s. */
  resyncMs?: number;
  logger?: Logger;
}

/**
 * Leases from request to end. Key: the lease id. Owns lease states; moves instances
 * only into states that ask the instance controller to act ('deleting', 'stopped',
 * 'leased' + restart), never calling a driver itself.
 *
 *   provisioning ── ready instance claimed ──► active ── expiry ──► expired (VM deleted)
 *        │                                      │ ▲
 *        └─ no VM within maxWait ─► failed       │ └── renewed (API) ─┐
 *                                                └ important: expiry ► grace (VM stopped)
 *                                                                     └ grace over ► expired
 *   released (API) ─► its VM deleted
 *
 * Expiry decisions (warnings, stop or reclaim) come from core's leaseDue; the
 * reconcile requeues at its next check time, so a week-long lease costs a handful of
 * looks plus the periodic resync. Each step appends an event (kind 'lease') and, when
 * the holder should know, queues a notification; it is recorded only when its
 * compare-and-swap won, so a step that lost a race to the API records nothing.
 */
export class LeaseController implements Reconciler {
  readonly name = 'lease';
  readonly resyncMs: number;
  private readonly pollMs: number;
  private readonly maxWaitMs: number;
  private readonly orphanGraceMs: number;
  private readonly log: Logger;

  constructor(
    private readonly store: LeaseControllerStore,
    opts: LeaseControllerOptions = {},
  ) {
    this.pollMs = opts.provisioningPollMs ?? 2_000;
    this.maxWaitMs = opts.maxProvisioningWaitMs ?? 30 * 60_000;
    this.orphanGraceMs = opts.orphanClaimGraceMs ?? 5 * 60_000;
    this.resyncMs = opts.resyncMs ?? 30_000;
    this.log = opts.logger ?? silentLogger;
  }

  /** Live leases, and any lease id an instance is still held for (ended or missing leases). */
  async keys(): Promise<string[]> {
    const live = await this.store.listLeases({ states: [...LIVE_LEASE_STATES] });
    const held = await this.store.listInstances({ states: HELD_STATES });
    const ids = new Set(live.map((l) => l.id));
    for (const i of held) if (i.leaseId !== null) ids.add(i.leaseId);
    return [...ids];
  }

  async reconcile(id: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const lease = await this.store.getLease(id);
    const held = await heldInstances(this.store, id);
    if (!lease) return reconcileMissing(this.store, id, held, now, this.orphanGraceMs);
    switch (lease.state) {
      case 'released':
      case 'expired':
      case 'failed':
        return reconcileEnded(this.store, lease, held, now);
      case 'provisioning':
      case 'active':
      case 'grace': {
        const profile = await this.store.getProfile(lease.profile);
        if (!profile) {
          // Possible only when a request raced a profile deletion (see store.deleteProfile).
          this.log.warn({ controller: this.name, lease: id, profile: lease.profile }, 'lease of a deleted profile');
          await failLease(this.store, lease, now, `its profile ${lease.profile} no longer exists`);
          return { requeueAfterMs: 0 };
        }
        if (lease.state === 'provisioning') {
          return reconcileProvisioning(this.store, lease, profile.clouds, held, now, { pollMs: this.pollMs, maxWaitMs: this.maxWaitMs });
        }
        return reconcileExpiry(this.store, lease, profile, held, now);
      }
    }
  }
}
