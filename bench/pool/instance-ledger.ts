import type { InstanceState } from '../../src/core/leasing/types.js';
import type { InstanceRecord, LeaseRecord, Store } from '../../src/store/store.js';

/**
 * Measures a pool from the store's own writes. Every instance state change goes
 * through insertInstance, updateInstance or claimReadyInstance, and each returns the
 * row as written, so a thin wrapper around the store sees every change at the virtual
 * time it happens: the idle integral is exact (no sampling), and costs no query.
 *
 * Idle: a VM that nobody holds or waits for: ready, or provisioning/recovering for the
 * pool (no leaseId). A VM booting for a waiting lease is not idle: someone is waiting.
 * Total: every row not deleted (a deleting row still has its server in the cloud).
 *
 * The wrapper also tells the caller about each write (`onInstance`, `onLease`), so the
 * benchmark can wake the controller that would otherwise find the change by polling.
 */
export interface LedgerPoint {
  /** Seconds from the trace start. */
  t: number;
  ready: number;
  /** Provisioning for the pool (idle, not yet ready). */
  provisioning: number;
  /** Held by or booting for a lease. */
  held: number;
  total: number;
}

export interface LedgerHooks {
  onInstance?(row: InstanceRecord, before: InstanceState | undefined): void;
  onLease?(row: LeaseRecord): void;
}

type Kind = 'ready' | 'provisioning' | 'held' | 'gone';

const PROVISIONING = new Set<InstanceState>(['pending', 'booting', 'configuring', 'recovering']);

function kindOf(row: Pick<InstanceRecord, 'state' | 'leaseId'>): Kind {
  if (row.state === 'deleted') return 'gone';
  if (row.state === 'ready') return 'ready';
  if (PROVISIONING.has(row.state) && row.leaseId === null) return 'provisioning';
  return 'held';
}

export class InstanceLedger {
  private readonly rows = new Map<string, { state: InstanceState; kind: Kind; createdAt: number; readyAt: number | null }>();
  private counts: Record<Kind, number> = { ready: 0, provisioning: 0, held: 0, gone: 0 };
  private lastAt: number;
  private idleMs = 0;
  private idleCutMs = 0;
  /** Instances created (insertInstance calls that succeeded). */
  created = 0;
  peakTotal = 0;
  /** Boot-to-ready of every instance that became ready or leased (ms). */
  readonly bootToReadyMs: number[] = [];
  readonly points: LedgerPoint[] = [];

  /**
   * @param start virtual time (ms) of the trace start
   * @param cutAt idle time is counted up to this virtual time (the trace's horizon)
   * @param keepPoints record a point per change (for the plot)
   */
  constructor(
    private readonly start: number,
    private readonly cutAt: number,
    private readonly keepPoints: boolean,
  ) {
    this.lastAt = start;
  }

  /** The store, with every instance and lease write reported here and to `hooks`. */
  wrap(store: Store, hooks: LedgerHooks = {}): Store {
    const seen = (row: InstanceRecord | null, at: number): InstanceRecord | null => {
      if (row) {
        const before = this.rows.get(row.id)?.state;
        this.apply(row, at);
        hooks.onInstance?.(row, before);
      }
      return row;
    };
    const lease = (row: LeaseRecord | null): LeaseRecord | null => {
      if (row) hooks.onLease?.(row);
      return row;
    };
    return {
      ...store,
      insertInstance: async (instance, at) => {
        const row = await store.insertInstance(instance, at);
        this.created++;
        return seen(row, at)!;
      },
      updateInstance: async (id, patch, at, expect) => seen(await store.updateInstance(id, patch, at, expect), at),
      claimReadyInstance: async (profile, cloud, leaseId, at) => seen(await store.claimReadyInstance(profile, cloud, leaseId, at), at),
      createLease: async (l) => {
        const out = await store.createLease(l);
        if (out.created) lease(out.lease);
        return out;
      },
      updateLease: async (id, patch, at, expect) => lease(await store.updateLease(id, patch, at, expect)),
      // Writes inside a transaction are seen as they are made (a rollback after one is a request that failed: none expected here).
      transaction: (fn) => store.transaction((tx) => fn(this.wrap(tx, hooks))),
    };
  }

  /** Idle VM-hours from the start up to min(now, cutAt). */
  idleVmHours(now: number): number {
    this.advance(Math.max(this.lastAt, now));
    return this.idleCutMs / 3_600_000;
  }

  /** The states as the ledger last saw them (to check it against the store). */
  states(): Map<string, InstanceState> {
    return new Map([...this.rows].map(([id, r]) => [id, r.state]));
  }

  private apply(row: InstanceRecord, at: number): void {
    this.advance(at);
    const prev = this.rows.get(row.id);
    const kind = kindOf(row);
    if (prev) this.counts[prev.kind]--;
    this.counts[kind]++;
    if (row.readyAt !== null && (prev?.readyAt ?? null) === null) this.bootToReadyMs.push(row.readyAt - row.createdAt);
    this.rows.set(row.id, { state: row.state, kind, createdAt: row.createdAt, readyAt: row.readyAt });
    const total = this.counts.ready + this.counts.provisioning + this.counts.held;
    if (total > this.peakTotal) this.peakTotal = total;
    if (this.keepPoints && prev?.kind !== kind) {
      const point = { t: (at - this.start) / 1000, ready: this.counts.ready, provisioning: this.counts.provisioning, held: this.counts.held, total };
      const last = this.points.at(-1);
      // Several changes at one instant: keep the last (a plot shows where it settled).
      if (last && last.t === point.t) this.points[this.points.length - 1] = point;
      else this.points.push(point);
    }
  }

  /** Moves the integral to `at`: the counts held constant since the last change. */
  private advance(at: number): void {
    if (at <= this.lastAt) return;
    const idle = this.counts.ready + this.counts.provisioning;
    this.idleMs += idle * (at - this.lastAt);
    const cutEnd = Math.min(at, this.cutAt);
    if (cutEnd > this.lastAt) this.idleCutMs += idle * (cutEnd - this.lastAt);
    this.lastAt = at;
  }
}
