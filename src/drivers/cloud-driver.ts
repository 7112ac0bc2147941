import type {
  Flavor,
  FloatingIp,
  HostInfo,
  Image,
  Network,
  RebootKind,
  Server,
  ServerSpec,
} from '../core/cloud.js';

export interface HostListing {
  hosts: HostInfo[];
  /**
   * true: `hosts` is every host of the cloud (a host missing from it is gone).
   * false: `hosts` holds only hosts that changed since the cursor passed in.
   */
  full: boolean;
  /** Opaque; pass back to get only what changed since this listing. */
  cursor: string;
}

export interface ServerListing {
  servers: Server[];
  /**
   * Opaque; pass back as `changesSince` to get only servers changed after this
   * listing. A listing with `changesSince` includes deleted servers (status DELETED)
   * so that the caller can tell a deletion from "unchanged".
   */
  cursor: string;
}

export interface ServerFilter {
  /** Cursor of an earlier listing: only servers changed since. */
  changesSince?: string;
  /** Only servers whose metadata contains every one of these pairs. */
  metadata?: Record<string, string>;
  host?: string;
}

/**
 * One cloud, as Drover drives it. Implemented by the OpenStack driver (public REST
 * APIs) and by the simulated cloud; both pass the contract suite in
 * `drivers/contract/`.
 *
 * Contract:
 * - Ids: server, flavor, image, network and floating-IP ids are the cloud's; Drover
 *   never invents them. Drover's own id for a server goes into its metadata under
 *   `drover:instance` (DROVER_INSTANCE_TAG), so a server can be found again after a
 *   crash by listing with a metadata filter. Host ids are host names.
 * - Asynchrony: createServer and every server action return once the cloud has
 *   accepted the request; completion is observed by polling getServer / listServers
 *   (status and taskState). A failed asynchronous operation shows as status ERROR
 *   with `fault` set, or as the server's status returning to what it was.
 * - Missing servers: getServer returns null for a server that does not exist or is
 *   deleted; deleteServer of a missing server succeeds (deletion is idempotent);
 *   every other action on a missing server throws DriverError('not-found').
 * - Idempotency: start of an ACTIVE server, stop of a SHUTOFF one, and repeated
 *   service enable/disable/force-down calls succeed without effect. createServer is
 *   NOT idempotent: callers look for the server by its `drover:instance` tag before
 *   creating again.
 * - Errors: every failure is a DriverError whose kind says what happened:
 *   not-found, conflict (the server's state forbids the action now), quota,
 *   transient (worth retrying), fatal, unsupported (the cloud lacks the feature,
 *   e.g. an older microversion). Drivers retry transient faults within their own
 *   budget before giving up; the message keeps the cloud's words, never a secret.
 * - Admin calls (hosts, services, evacuate, migrations to a named host) need an
 *   admin credential; without one they throw DriverError('fatal') naming the call.
 */
export interface CloudDriver {
  /** 'openstack' or 'sim'. */
  readonly kind: string;

  /** Hypervisors with capacity, usage, service and power state. */
  listHosts(cursor?: string): Promise<HostListing>;
  /** Throws DriverError('not-found') for an unknown host. */
  getHost(name: string): Promise<HostInfo>;

  listFlavors(): Promise<Flavor[]>;
  listImages(): Promise<Image[]>;
  listNetworks(): Promise<Network[]>;

  /** Accepts a boot; the server starts in BUILD. Not idempotent (see above). */
  createServer(spec: ServerSpec): Promise<Server>;
  /** null when the server does not exist (or is deleted). */
  getServer(id: string): Promise<Server | null>;
  /** Every server of the project (all projects for an admin), paged internally. */
  listServers(filter?: ServerFilter): Promise<ServerListing>;
  /** Idempotent: a missing server counts as deleted. Completion: getServer -> null. */
  deleteServer(id: string): Promise<void>;

  startServer(id: string): Promise<void>;
  stopServer(id: string): Promise<void>;
  rebootServer(id: string, kind: RebootKind): Promise<void>;
  /** Rebuild from `imageId`, or from its current image when omitted. */
  rebuildServer(id: string, imageId?: string): Promise<void>;
  /** To `host`, or where the scheduler chooses when omitted. */
  liveMigrate(id: string, host?: string): Promise<void>;
  /** Cold migration (the move is confirmed by the driver). */
  migrate(id: string, host?: string): Promise<void>;
  /**
   * Rebuild a server of a failed host elsewhere. The source host's service must be
   * down (forced down, or silent past the cloud's down time); while it is up this
   * throws DriverError('conflict'). The server keeps its id and addresses.
   */
  evacuate(id: string, host?: string): Promise<void>;
  changePassword(id: string, password: string): Promise<void>;

  /** Force the host's compute service down (true) or clear that (false). */
  setServiceForcedDown(host: string, down: boolean): Promise<void>;
  /** Enable or disable scheduling to the host. */
  setServiceEnabled(host: string, enabled: boolean, reason?: string): Promise<void>;

  listFloatingIps(): Promise<FloatingIp[]>;
  /**
   * From the external network `network` (name or id), or the cloud's default one.
   * The returned FloatingIp's `network` is that external network's id.
   *
   * Not idempotent, and the cloud chooses the id: an allocation whose reply was lost
   * (or whose id the caller died before recording) holds an address nobody knows of.
   * So the caller passes a `tag` (Drover's: `floatingIpTag(instanceId)`), kept with the
   * address and shown as `FloatingIp.tag` by the reply and by every listing, and looks
   * for an address carrying its tag before allocating again.
   */
  allocateFloatingIp(network?: string, tag?: string): Promise<FloatingIp>;
  associateFloatingIp(floatingIpId: string, serverId: string): Promise<void>;
  disassociateFloatingIp(floatingIpId: string): Promise<void>;
  /** Idempotent: a missing address counts as released. */
  releaseFloatingIp(floatingIpId: string): Promise<void>;

  /** Releases connections and timers. */
  close(): Promise<void>;
}
