import type { ServerSpec } from '../../core/cloud.js';
import type { HttpClient } from './http.js';
import {
  atLeast,
  negotiate,
  parseMicroversion,
  rangeFromVersionDocument,
  requireMicroversion,
  type Microversion,
  type VersionRange,
} from './microversion.js';
import { nextMarker, type NovaFlavor, type NovaLink, type NovaServer } from './nova-types.js';
import type { Query, ServiceClient } from './service-client.js';

/**
 * The newest compute microversion whose behaviour Drover has checked. Above it Nova
 * changes meanings Drover relies on (2.95: an evacuated server arrives stopped), so a
 * newer cloud is spoken to at this version.
 */
export const COMPUTE_MAX = '2.93';

/**
 * Nova's servers, flavors and actions. Every call carries the negotiated microversion
 * (the highest both sides speak, capped by clouds.yaml's `compute_api_version`).
 */
export class ComputeApi {
  #version: Microversion | null = null;
  #negotiating: Promise<Microversion> | null = null;

  constructor(
    readonly client: ServiceClient,
    private readonly http: HttpClient,
    private readonly cap: string | undefined,
  ) {}

  /** For ServiceClient's headers: the version once negotiated. */
  current(): Microversion | null {
    return this.#version;
  }

  /** Reads the compute version document once and settles the microversion. */
  version(): Promise<Microversion> {
    if (this.#version) return Promise.resolve(this.#version);
    this.#negotiating ??= this.#negotiate().finally(() => {
      this.#negotiating = null;
    });
    return this.#negotiating;
  }

  async #negotiate(): Promise<Microversion> {
    const base = await this.client.base();
    // The versioned root is ".../v2.1" even when the catalog URL adds a project id.
    const root = base.replace(/(\/v2(\.1)?)(\/.*)?$/, '$1');
    const res = await this.http.request({ method: 'GET', url: `${root}/`, label: 'compute GET / (version document)' });
    const server: VersionRange = rangeFromVersionDocument(res.body);
    let max = parseMicroversion(COMPUTE_MAX);
    if (this.cap && /^\d+\.\d+$/.test(this.cap)) {
      const c = parseMicroversion(this.cap);
      if (c[0] === 2 && c[1] < max[1]) max = c;
    }
    this.#version = negotiate(server, { min: [2, 1], max });
    return this.#version;
  }

  async require(need: string, feature: string): Promise<Microversion> {
    const v = await this.version();
    requireMicroversion(v, need, feature);
    return v;
  }

  async createServer(spec: ServerSpec): Promise<NovaServer> {
    const v = await this.version();
    const server: Record<string, unknown> = {
      name: spec.name,
      imageRef: spec.imageId,
      flavorRef: spec.flavorId,
      metadata: spec.metadata,
    };
    if (spec.networks === 'none' || spec.networks === 'auto') {
      requireMicroversion(v, '2.37', `networks "${spec.networks}"`);
      server.networks = spec.networks;
    } else {
      server.networks = spec.networks.map((uuid) => ({ uuid }));
    }
    if (spec.keyName) server.key_name = spec.keyName;
    if (spec.userData !== undefined) server.user_data = Buffer.from(spec.userData, 'utf8').toString('base64');
    if (spec.adminPass) server.adminPass = spec.adminPass;
    if (spec.securityGroups?.length) server.security_groups = spec.securityGroups.map((name) => ({ name }));
    if (spec.host) {
      // 2.74 asks the scheduler for the host (and checks it); before, "az:host" forces it.
      if (atLeast(v, '2.74')) {
        server.host = spec.host;
        if (spec.availabilityZone) server.availability_zone = spec.availabilityZone;
      } else server.availability_zone = `${spec.availabilityZone ?? ''}:${spec.host}`;
    } else if (spec.availabilityZone) server.availability_zone = spec.availabilityZone;
    const body: Record<string, unknown> = { server };
    if (spec.serverGroupId) body['os:scheduler_hints'] = { group: spec.serverGroupId };
    const res = await this.client.json<{ server: NovaServer }>('POST', '/servers', { body });
    return res.server;
  }

  async getServer(id: string): Promise<NovaServer | null> {
    await this.version();
    const res = await this.client.call('GET', `/servers/${encodeURIComponent(id)}`, { accept: [404] });
    return res.status === 404 ? null : (res.body as { server: NovaServer }).server;
  }

  /** GET /servers/detail, every page (`limit` + `marker`). Returns the listing's Date header too. */
  async listServers(query: Query, pageSize = 500): Promise<{ servers: NovaServer[]; date: string | null }> {
    await this.version();
    const servers: NovaServer[] = [];
    let marker: string | null = null;
    let date: string | null = null;
    do {
      const res = await this.client.call('GET', '/servers/detail', { query: { ...query, limit: pageSize, marker } });
      date ??= res.headers.date ?? null;
      const body = res.body as { servers: NovaServer[]; servers_links?: NovaLink[] };
      servers.push(...body.servers);
      marker = body.servers.length > 0 ? nextMarker(body.servers_links) : null;
    } while (marker);
    return { servers, date };
  }

  /** 404 counts as deleted. */
  async deleteServer(id: string): Promise<void> {
    await this.version();
    await this.client.call('DELETE', `/servers/${encodeURIComponent(id)}`, { accept: [404] });
  }

  /** POST /servers/{id}/action. Not retried after a 5xx: an action may have been taken. */
  async action(id: string, body: Record<string, unknown>): Promise<void> {
    await this.version();
    await this.client.call('POST', `/servers/${encodeURIComponent(id)}/action`, { body });
  }

  async listFlavors(): Promise<NovaFlavor[]> {
    await this.version();
    const flavors: NovaFlavor[] = [];
    let marker: string | null = null;
    do {
      const body: { flavors: NovaFlavor[]; flavors_links?: NovaLink[] } = await this.client.json('GET', '/flavors/detail', {
        query: { limit: 1000, marker, is_public: 'None' },
      });
      flavors.push(...body.flavors);
      marker = body.flavors.length > 0 ? nextMarker(body.flavors_links) : null;
    } while (marker);
    return flavors;
  }

  async listAvailabilityZones(): Promise<{ name: string; available: boolean }[]> {
    await this.version();
    const body = await this.client.json<{ availabilityZoneInfo: { zoneName: string; zoneState: { available: boolean } }[] }>(
      'GET',
      '/os-availability-zone',
    );
    return body.availabilityZoneInfo.map((z) => ({ name: z.zoneName, available: z.zoneState.available }));
  }
}
