import type { HostInfo } from '../../core/cloud.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import type { HostRecord, NewEvent, Store } from '../../store/store.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { hostTransitions } from './host-transitions.js';

export interface HostSyncOptions {
  /** How often each cloud's hosts are read again; default 10 s. */
  intervalMs?: number;
  /** A full (not incremental) listing at least this often; default 5 min. */
  fullEveryMs?: number;
}

/**
 * Keeps the store's view of every cloud's hosts fresh. Key: the cloud name.
 *
 * Incremental when the driver can tell what changed: the driver's cursor from the
 * last listing is passed back, and only changed hosts come back. A full listing is
 * taken at start and every `fullEveryMs`, so a lost cursor heals itself. Service and
 * power transitions are recorded as events.
 */
export class HostSyncController implements Reconciler {
  readonly name = 'host-sync';
  readonly resyncMs: number;
  private readonly cursors = new Map<string, { cursor: string; fullAt: number }>();
  private readonly intervalMs: number;
  private readonly fullEveryMs: number;

  constructor(
    private readonly store: Store,
    private readonly drivers: ReadonlyMap<string, CloudDriver>,
    opts: HostSyncOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.fullEveryMs = opts.fullEveryMs ?? 300_000;
    this.resyncMs = Math.max(this.intervalMs * 6, 60_000);
  }

  async keys(): Promise<string[]> {
    return [...this.drivers.keys()];
  }

  async reconcile(cloud: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const driver = this.drivers.get(cloud);
    if (!driver) return {};
    const last = this.cursors.get(cloud);
    const incremental = last !== undefined && now - last.fullAt < this.fullEveryMs;
    let listing;
    try {
      listing = await driver.listHosts(incremental ? last.cursor : undefined);
    } catch (error) {
      await this.store.markCloudSynced(cloud, now, error instanceof Error ? error.message : String(error));
      throw error;
    }
    const before = await this.previous(cloud, listing.hosts);
    await this.store.syncHosts(cloud, listing.hosts, listing.full, now);
    await this.store.markCloudSynced(cloud, now, null);
    this.cursors.set(cloud, { cursor: listing.cursor, fullAt: listing.full ? now : (last?.fullAt ?? now) });
    for (const event of this.events(cloud, before, listing.hosts, now)) await this.store.appendEvent(event);
    return { requeueAfterMs: this.intervalMs };
  }

  private async previous(cloud: string, hosts: HostInfo[]): Promise<Map<string, HostRecord>> {
    const rows = hosts.length > 0 ? await this.store.listHosts({ cloud }) : [];
    return new Map(rows.map((r) => [r.name, r]));
  }

  private *events(cloud: string, before: Map<string, HostRecord>, hosts: HostInfo[], at: number): Iterable<NewEvent> {
    for (const host of hosts) {
      const prev = before.get(host.name);
      if (!prev) continue;
      for (const t of hostTransitions(prev, host)) {
        yield { at, kind: 'host', subject: `${cloud}/${host.name}`, ...t };
      }
    }
  }
}
