import type { Clock } from '../../core/clock.js';
import type { Flavor, FloatingIp, HostInfo, Image, Network, RebootKind, Server, ServerSpec } from '../../core/cloud.js';
import type { CloudDriver, HostListing, ServerFilter, ServerListing } from '../cloud-driver.js';
import type { OpenStackCloudConfig } from './cloud-config.js';
import { ComputeApi } from './compute.js';
import { ComputeServicesApi } from './compute-services.js';
import { Hosts } from './hosts.js';
import { HttpClient, type RetryPolicy } from './http.js';
import { ImageApi } from './image.js';
import { KeystoneSession } from './keystone-auth.js';
import { formatMicroversion, microversionHeaders } from './microversion.js';
import { NetworkApi } from './network.js';
import { PlacementApi } from './placement.js';
import { ServerActions, type ServerActionOptions } from './server-actions.js';
import { Servers } from './servers.js';
import { ServiceClient } from './service-client.js';
import { systemClock } from './system-clock.js';

export interface OpenStackDriverOptions extends ServerActionOptions {
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Per HTTP attempt; default clouds.yaml's api_timeout, else 60 s. */
  timeoutMs?: number;
  /** Servers per page of GET /servers/detail; default 500. */
  pageSize?: number;
  /** Renew the token this long before it expires; default 5 min. */
  tokenRefreshBeforeMs?: number;
}

/**
 * CloudDriver over OpenStack's public REST APIs: Keystone v3, Nova 2.1-2.93 (the
 * highest microversion both sides speak), Placement, Glance v2 and Neutron v2.0.
 * Built from a clouds.yaml entry (loadCloudConfig). See README.md beside this file.
 */
export class OpenStackDriver implements CloudDriver {
  readonly kind = 'openstack';
  readonly session: KeystoneSession;
  readonly compute: ComputeApi;
  readonly #http: HttpClient;
  readonly #services: ComputeServicesApi;
  readonly #hosts: Hosts;
  readonly #servers: Servers;
  readonly #actions: ServerActions;
  readonly #images: ImageApi;
  readonly #network: NetworkApi;
  readonly #clock: Clock;

  constructor(readonly config: OpenStackCloudConfig, opts: OpenStackDriverOptions = {}) {
    const clock = opts.clock ?? systemClock;
    this.#clock = clock;
    const now = () => clock.now();
    this.#http = new HttpClient({
      ...(opts.retry ? { retry: opts.retry } : {}),
      timeoutMs: opts.timeoutMs ?? config.apiTimeoutMs ?? 60_000,
      tls: { verify: config.verify, cacert: config.cacert, cert: config.cert, key: config.key },
      sleep: (ms) => clock.sleep(ms),
      now,
    });
    this.session = new KeystoneSession(config, this.#http, now, opts.tokenRefreshBeforeMs);
    let compute: ComputeApi | null = null;
    const computeClient = new ServiceClient('compute', this.session, this.#http, {
      headers: () => {
        const v = compute?.current();
        return v ? microversionHeaders('compute', v) : {};
      },
    });
    compute = new ComputeApi(computeClient, this.#http, config.apiVersions.compute);
    this.compute = compute;
    this.#services = new ComputeServicesApi(compute);
    const placement = new PlacementApi(new ServiceClient('placement', this.session, this.#http));
    this.#hosts = new Hosts(this.#services, placement, now);
    this.#servers = new Servers(compute, this.session, now, opts.pageSize);
    this.#actions = new ServerActions(compute, this.#servers, clock, opts);
    this.#images = new ImageApi(new ServiceClient('image', this.session, this.#http, { versionPath: '/v2' }));
    this.#network = new NetworkApi(new ServiceClient('network', this.session, this.#http, { versionPath: '/v2.0' }));
  }

  /** The negotiated compute microversion, e.g. "2.93" (negotiated on first use). */
  async computeMicroversion(): Promise<string> {
    return formatMicroversion(await this.compute.version());
  }

  async listHosts(_cursor?: string): Promise<HostListing> {
    // Always a full listing: Nova has no changes-since for hosts.
    const hosts = await this.#hosts.list();
    return { hosts, full: true, cursor: String(this.#clock.now()) };
  }

  getHost(name: string): Promise<HostInfo> {
    return this.#hosts.get(name);
  }

  async listFlavors(): Promise<Flavor[]> {
    return (await this.compute.listFlavors()).map((f) => ({ id: f.id, name: f.name, vcpus: f.vcpus, ramMb: f.ram, diskGb: f.disk }));
  }

  listImages(): Promise<Image[]> {
    return this.#images.listImages();
  }

  listNetworks(): Promise<Network[]> {
    return this.#network.listNetworks();
  }

  createServer(spec: ServerSpec): Promise<Server> {
    return this.#servers.create(spec);
  }

  getServer(id: string): Promise<Server | null> {
    return this.#servers.get(id);
  }

  listServers(filter?: ServerFilter): Promise<ServerListing> {
    return this.#servers.list(filter);
  }

  deleteServer(id: string): Promise<void> {
    return this.#servers.delete(id);
  }

  startServer(id: string): Promise<void> {
    return this.#actions.start(id);
  }

  stopServer(id: string): Promise<void> {
    return this.#actions.stop(id);
  }

  rebootServer(id: string, kind: RebootKind): Promise<void> {
    return this.#actions.reboot(id, kind);
  }

  rebuildServer(id: string, imageId?: string): Promise<void> {
    return this.#actions.rebuild(id, imageId);
  }

  liveMigrate(id: string, host?: string): Promise<void> {
    return this.#actions.liveMigrate(id, host);
  }

  migrate(id: string, host?: string): Promise<void> {
    return this.#actions.migrate(id, host);
  }

  evacuate(id: string, host?: string): Promise<void> {
    return this.#actions.evacuate(id, host);
  }

  changePassword(id: string, password: string): Promise<void> {
    return this.#actions.changePassword(id, password);
  }

  setServiceForcedDown(host: string, down: boolean): Promise<void> {
    return this.#services.setForcedDown(host, down);
  }

  setServiceEnabled(host: string, enabled: boolean, reason?: string): Promise<void> {
    return this.#services.setEnabled(host, enabled, reason);
  }

  listFloatingIps(): Promise<FloatingIp[]> {
    return this.#network.listFloatingIps();
  }

  allocateFloatingIp(network?: string, tag?: string): Promise<FloatingIp> {
    return this.#network.allocateFloatingIp(network, tag);
  }

  associateFloatingIp(floatingIpId: string, serverId: string): Promise<void> {
    return this.#network.associateFloatingIp(floatingIpId, serverId);
  }

  disassociateFloatingIp(floatingIpId: string): Promise<void> {
    return this.#network.disassociateFloatingIp(floatingIpId);
  }

  releaseFloatingIp(floatingIpId: string): Promise<void> {
    return this.#network.releaseFloatingIp(floatingIpId);
  }

  async close(): Promise<void> {
    await this.#http.close();
  }
}
