import type { Flavor, FloatingIp, HostInfo, Image, Network, RebootKind, Server, ServerSpec } from '../../core/cloud.js';
import type { HostListing, ServerFilter, ServerListing } from '../cloud-driver.js';
import * as fips from './floating-ips.js';
import { setServiceEnabled, setServiceForcedDown } from './host-services.js';
import { hostInfo, listHosts, listServers } from './listings.js';
import { createServer, deleteServer, guestReachable } from './server-lifecycle.js';
import { setServerMetadata } from './server-metadata.js';
import { coldMigrate, evacuate, liveMigrate } from './server-moves.js';
import { changePassword, rebootServer, rebuildServer, startServer, stopServer } from './server-power.js';
import { SimFaults } from './sim-faults.js';
import type { SimCloudOptions } from './sim-options.js';
import { toServer } from './sim-server.js';
import { SimWorld, type SimEvent } from './sim-world.js';

/**
 * An OpenStack cloud in process: hosts with capacity and compute services, Nova's
 * server state machine on the injected clock, Neutron floating IPs, and faults on
 * demand (`faults`). Methods mirror CloudDriver but are synchronous and take effect
 * at once; SimDriver wraps them as the async driver, under the API faults in force.
 * Semantics: src/drivers/sim/README.md.
 */
export class SimCloud {
  readonly #w: SimWorld;
  readonly faults: SimFaults;

  constructor(options: SimCloudOptions) {
    this.#w = new SimWorld(options);
    this.faults = new SimFaults(this.#w);
  }

  now(): number {
    return this.#w.now();
  }

  listHosts(cursor?: string): HostListing {
    return listHosts(this.#w, cursor);
  }
  getHost(name: string): HostInfo {
    return hostInfo(this.#w, this.#w.host(name));
  }
  listFlavors(): Flavor[] {
    return this.#w.flavors.map((f) => ({ ...f }));
  }
  listImages(): Image[] {
    return this.#w.images.map((i) => ({ ...i }));
  }
  listNetworks(): Network[] {
    return this.#w.networks.map((n) => ({ ...n }));
  }

  createServer(spec: ServerSpec): Server {
    return toServer(createServer(this.#w, spec));
  }
  getServer(id: string): Server | null {
    const s = this.#w.servers.get(id);
    return s === undefined || s.deleted ? null : toServer(s);
  }
  listServers(filter?: ServerFilter): ServerListing {
    return listServers(this.#w, filter);
  }
  deleteServer(id: string): void {
    deleteServer(this.#w, id);
  }
  startServer(id: string): void {
    startServer(this.#w, id);
  }
  stopServer(id: string): void {
    stopServer(this.#w, id);
  }
  rebootServer(id: string, kind: RebootKind): void {
    rebootServer(this.#w, id, kind);
  }
  rebuildServer(id: string, imageId?: string): void {
    rebuildServer(this.#w, id, imageId);
  }
  liveMigrate(id: string, host?: string): void {
    liveMigrate(this.#w, id, host);
  }
  migrate(id: string, host?: string): void {
    coldMigrate(this.#w, id, host);
  }
  evacuate(id: string, host?: string): void {
    evacuate(this.#w, id, host);
  }
  changePassword(id: string, password: string): void {
    changePassword(this.#w, id, password);
  }

  setServiceForcedDown(host: string, down: boolean): void {
    setServiceForcedDown(this.#w, host, down);
  }
  setServiceEnabled(host: string, enabled: boolean, reason?: string): void {
    setServiceEnabled(this.#w, host, enabled, reason);
  }

  listFloatingIps(): FloatingIp[] {
    return fips.listFloatingIps(this.#w);
  }
  allocateFloatingIp(network?: string, tag?: string): FloatingIp {
    return fips.allocateFloatingIp(this.#w, network, tag);
  }
  associateFloatingIp(floatingIpId: string, serverId: string): void {
    fips.associateFloatingIp(this.#w, floatingIpId, serverId);
  }
  disassociateFloatingIp(floatingIpId: string): void {
    fips.disassociateFloatingIp(this.#w, floatingIpId);
  }
  releaseFloatingIp(floatingIpId: string): void {
    fips.releaseFloatingIp(this.#w, floatingIpId);
  }

  // ---- an operator's hand (not part of CloudDriver) -----------------------------

  /**
   * Replaces the server's metadata (Nova's PUT /servers/{id}/metadata): ACTIVE or
   * SHUTOFF with no task running, else DriverError('conflict'); missing: not-found.
   */
  setServerMetadata(id: string, metadata: Record<string, string>): void {
    setServerMetadata(this.#w, id, metadata);
  }

  // ---- looking inside (not part of CloudDriver) ---------------------------------

  /** Whether the guest would answer on its tenant network (running, host on, link up). */
  guestReachable(serverId: string): boolean {
    return guestReachable(this.#w, serverId);
  }
  /** Whether `password` is the server's admin password (set at boot or by changePassword). */
  passwordMatches(serverId: string, password: string): boolean {
    const s = this.#w.servers.get(serverId);
    return s !== undefined && !s.deleted && s.password !== null && s.password === password;
  }
  /** The user-data the server was booted with (what cloud-init would run), null if none. */
  userData(serverId: string): string | null {
    const s = this.#w.servers.get(serverId);
    return s === undefined || s.deleted ? null : s.userData;
  }
  /** What happened, oldest first (the last 5000 events). */
  events(): SimEvent[] {
    return this.#w.events();
  }
  /** Transitions still to come; 0 means the cloud is quiet. */
  get pendingTransitions(): number {
    return this.#w.timers.pending;
  }

  /** Cancels every pending transition; the cloud is frozen afterwards. */
  close(): void {
    this.#w.timers.closeAll();
  }
}
