import type { Flavor, FloatingIp, HostInfo, Image, Network, RebootKind, Server, ServerSpec } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import type { CloudDriver, HostListing, ServerFilter, ServerListing } from '../cloud-driver.js';
import type { SimCloud } from './sim-cloud.js';

/**
 * CloudDriver over a SimCloud. Every call passes the cloud's API faults (added
 * latency, transient errors, lost replies). Unlike the OpenStack driver it does not
 * retry transient faults itself (its retry budget is zero), so that the callers'
 * retry paths are what a fault exercises. Several drivers may share one cloud (as
 * several Drover replicas share one OpenStack); closing a driver leaves the cloud
 * running.
 */
export class SimDriver implements CloudDriver {
  readonly kind = 'sim';
  #closed = false;

  constructor(readonly cloud: SimCloud) {}

  #call<T>(call: string, fn: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new DriverError('fatal', `${call}: the driver is closed`));
    return this.cloud.faults.gate(call, fn);
  }

  listHosts(cursor?: string): Promise<HostListing> {
    return this.#call('listHosts', () => this.cloud.listHosts(cursor));
  }
  getHost(name: string): Promise<HostInfo> {
    return this.#call('getHost', () => this.cloud.getHost(name));
  }
  listFlavors(): Promise<Flavor[]> {
    return this.#call('listFlavors', () => this.cloud.listFlavors());
  }
  listImages(): Promise<Image[]> {
    return this.#call('listImages', () => this.cloud.listImages());
  }
  listNetworks(): Promise<Network[]> {
    return this.#call('listNetworks', () => this.cloud.listNetworks());
  }
  createServer(spec: ServerSpec): Promise<Server> {
    return this.#call('createServer', () => this.cloud.createServer(spec));
  }
  getServer(id: string): Promise<Server | null> {
    return this.#call('getServer', () => this.cloud.getServer(id));
  }
  listServers(filter?: ServerFilter): Promise<ServerListing> {
    return this.#call('listServers', () => this.cloud.listServers(filter));
  }
  deleteServer(id: string): Promise<void> {
    return this.#call('deleteServer', () => this.cloud.deleteServer(id));
  }
  startServer(id: string): Promise<void> {
    return this.#call('startServer', () => this.cloud.startServer(id));
  }
  stopServer(id: string): Promise<void> {
    return this.#call('stopServer', () => this.cloud.stopServer(id));
  }
  rebootServer(id: string, kind: RebootKind): Promise<void> {
    return this.#call('rebootServer', () => this.cloud.rebootServer(id, kind));
  }
  rebuildServer(id: string, imageId?: string): Promise<void> {
    return this.#call('rebuildServer', () => this.cloud.rebuildServer(id, imageId));
  }
  liveMigrate(id: string, host?: string): Promise<void> {
    return this.#call('liveMigrate', () => this.cloud.liveMigrate(id, host));
  }
  migrate(id: string, host?: string): Promise<void> {
    return this.#call('migrate', () => this.cloud.migrate(id, host));
  }
  evacuate(id: string, host?: string): Promise<void> {
    return this.#call('evacuate', () => this.cloud.evacuate(id, host));
  }
  changePassword(id: string, password: string): Promise<void> {
    return this.#call('changePassword', () => this.cloud.changePassword(id, password));
  }
  setServiceForcedDown(host: string, down: boolean): Promise<void> {
    return this.#call('setServiceForcedDown', () => this.cloud.setServiceForcedDown(host, down));
  }
  setServiceEnabled(host: string, enabled: boolean, reason?: string): Promise<void> {
    return this.#call('setServiceEnabled', () => this.cloud.setServiceEnabled(host, enabled, reason));
  }
  listFloatingIps(): Promise<FloatingIp[]> {
    return this.#call('listFloatingIps', () => this.cloud.listFloatingIps());
  }
  allocateFloatingIp(network?: string, tag?: string): Promise<FloatingIp> {
    return this.#call('allocateFloatingIp', () => this.cloud.allocateFloatingIp(network, tag));
  }
  associateFloatingIp(floatingIpId: string, serverId: string): Promise<void> {
    return this.#call('associateFloatingIp', () => this.cloud.associateFloatingIp(floatingIpId, serverId));
  }
  disassociateFloatingIp(floatingIpId: string): Promise<void> {
    return this.#call('disassociateFloatingIp', () => this.cloud.disassociateFloatingIp(floatingIpId));
  }
  releaseFloatingIp(floatingIpId: string): Promise<void> {
    return this.#call('releaseFloatingIp', () => this.cloud.releaseFloatingIp(floatingIpId));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
