import type { Server, ServerSpec } from '../../core/cloud.js';
import type { ServerFilter, ServerListing } from '../cloud-driver.js';
import type { ComputeApi } from './compute.js';
import type { KeystoneSession } from './keystone-auth.js';
import type { NovaServer } from './nova-types.js';
import { toServer } from './server-mapper.js';
import type { Query } from './service-client.js';

/** The cursor goes back this far before the listing's Date: Nova's times have 1 s steps. */
const CURSOR_MARGIN_MS = 2_000;

/**
 * Reading servers: create, get, list with changes-since, delete. Nova 2.47+ embeds the
 * flavor by name, so a flavor cache maps names back to ids (reloaded on a miss).
 */
export class Servers {
  #flavorIds: Map<string, string> | null = null;
  /** Names of flavors deleted since: looked up once, then reported by name. */
  readonly #gone = new Set<string>();

  constructor(
    private readonly compute: ComputeApi,
    private readonly session: KeystoneSession,
    private readonly now: () => number,
    private readonly pageSize = 500,
  ) {}

  async create(spec: ServerSpec): Promise<Server> {
    const created = await this.compute.createServer(spec);
    const now = this.now();
    // Nova answers a boot with the id only; the rest is what was asked for.
    return {
      id: created.id,
      name: spec.name,
      status: 'BUILD',
      taskState: 'scheduling',
      host: null,
      availabilityZone: spec.availabilityZone ?? null,
      flavorId: spec.flavorId,
      imageId: spec.imageId,
      metadata: { ...spec.metadata },
      addresses: [],
      createdAt: now,
      updatedAt: now,
      fault: null,
    };
  }

  async get(id: string): Promise<Server | null> {
    const s = await this.compute.getServer(id);
    if (!s) return null;
    const [server] = await this.#map([s]);
    return server && server.status !== 'DELETED' ? server : null;
  }

  async list(filter: ServerFilter = {}): Promise<ServerListing> {
    const admin = await this.session.isAdmin();
    const query: Query = {};
    if (admin) query.all_tenants = 1;
    if (filter.changesSince) query['changes-since'] = filter.changesSince;
    // `host` is an admin-only filter; for others Nova hides hosts anyway.
    if (filter.host && admin) query.host = filter.host;
    const started = this.now();
    const { servers, date } = await this.compute.listServers(query, this.pageSize);
    const at = (date ? Date.parse(date) : NaN) || started;
    let mapped = await this.#map(servers);
    if (filter.host) mapped = mapped.filter((s) => s.host === filter.host);
    const meta = filter.metadata;
    if (meta) mapped = mapped.filter((s) => Object.entries(meta).every(([k, v]) => s.metadata[k] === v));
    return { servers: mapped, cursor: new Date(at - CURSOR_MARGIN_MS).toISOString() };
  }

  async delete(id: string): Promise<void> {
    await this.compute.deleteServer(id);
  }

  async #map(servers: NovaServer[]): Promise<Server[]> {
    const names = servers.map((s) => s.flavor?.id === undefined ? s.flavor?.original_name : undefined).filter((n): n is string => !!n);
    const unknown = names.filter((n) => !this.#flavorIds?.has(n) && !this.#gone.has(n));
    if (unknown.length > 0) {
      this.#flavorIds = new Map((await this.compute.listFlavors()).map((f) => [f.name, f.id]));
      for (const n of unknown) if (!this.#flavorIds.has(n)) this.#gone.add(n);
    }
    return servers.map((s) => toServer(s, (n) => this.#flavorIds?.get(n)));
  }
}
