import type { Server } from '../../core/cloud.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';

interface CloudView {
  servers: Map<string, Server>;
  cursor: string | null;
  listedAt: number;
  fullAt: number;
  refreshing: Promise<void> | null;
}

/**
 * The state manager's bulk view of each cloud's servers. Looking at a thousand
 * instances one getServer at a time would cost a thousand calls per pass; instead
 * every instance of a cloud reads one shared listing, refreshed at most every
 * `maxAgeMs` with `changesSince` (only what changed), and in full every `fullEveryMs`
 * so that a lost cursor heals. What it shows may be a few seconds old: callers confirm
 * anything abnormal with getServer before they act on it.
 */
export class ServerWatch {
  private readonly clouds = new Map<string, CloudView>();

  constructor(private readonly opts: { maxAgeMs: number; fullEveryMs: number }) {}

  /** The server as last listed; null when the listing does not have it (gone, as far as it knows). */
  async server(cloud: string, driver: CloudDriver, serverId: string, now: number): Promise<Server | null> {
    const view = await this.fresh(cloud, driver, now);
    return view.servers.get(serverId) ?? null;
  }

  /** Forgets a cloud's view (e.g. when its driver was replaced). */
  forget(cloud: string): void {
    this.clouds.delete(cloud);
  }

  private async fresh(cloud: string, driver: CloudDriver, now: number): Promise<CloudView> {
    let view = this.clouds.get(cloud);
    if (!view) {
      view = { servers: new Map(), cursor: null, listedAt: -Infinity, fullAt: -Infinity, refreshing: null };
      this.clouds.set(cloud, view);
    }
    // Concurrent reconciles of one cloud share one listing call.
    if (view.refreshing) await view.refreshing;
    else if (now - view.listedAt >= this.opts.maxAgeMs) {
      const v = view;
      v.refreshing = this.refresh(v, driver, now).finally(() => (v.refreshing = null));
      await v.refreshing;
    }
    return view;
  }

  private async refresh(view: CloudView, driver: CloudDriver, now: number): Promise<void> {
    const full = view.cursor === null || now - view.fullAt >= this.opts.fullEveryMs;
    const listing = await driver.listServers(full ? {} : { changesSince: view.cursor! });
    if (full) view.servers.clear();
    for (const s of listing.servers) {
      if (s.status === 'DELETED') view.servers.delete(s.id);
      else view.servers.set(s.id, s);
    }
    view.cursor = listing.cursor;
    view.listedAt = now;
    if (full) view.fullAt = now;
  }
}
