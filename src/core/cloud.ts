/**
 * What Drover knows of a cloud's resources, independent of any driver. Drivers map
 * their backend's representations into these types; nothing here names an HTTP path.
 */

export type NetworkRole = 'management' | 'storage' | 'tenant';
export const NETWORK_ROLES: readonly NetworkRole[] = ['management', 'storage', 'tenant'];

export type PowerState = 'on' | 'off' | 'unknown';

export interface Resources {
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface HostService {
  /** Whether the compute service reports in (Nova's `state`). */
  state: 'up' | 'down';
  /** Whether the scheduler may place new servers here (Nova's `status`). */
  enabled: boolean;
  disabledReason: string | null;
  /** Forced down by an operator or by fencing (Nova microversion 2.11). */
  forcedDown: boolean;
  /** Seconds since the last heartbeat, when the cloud tells; null when unknown. */
  heartbeatAgeS: number | null;
}

export interface HostInfo {
  /** Hypervisor host name; unique within one cloud. */
  name: string;
  availabilityZone: string;
  capacity: Resources;
  /** Allocation ratios: usable = capacity x ratio. */
  overcommit: { cpu: number; ram: number; disk: number };
  /** Resources allocated to servers on this host. */
  used: Resources;
  servers: number;
  service: HostService;
  power: PowerState;
  /** Reachability of each of the host's networks; null when not probed / unknown. */
  networks: Record<NetworkRole, boolean | null>;
  /** Measured utilisation 0..1 when known (for balancing), else null. */
  load: { cpu: number | null; ram: number | null };
}

export type ServerStatus =
  | 'BUILD'
  | 'ACTIVE'
  | 'SHUTOFF'
  | 'ERROR'
  | 'MIGRATING'
  | 'REBUILD'
  | 'REBOOT'
  | 'HARD_REBOOT'
  | 'RESIZE'
  | 'VERIFY_RESIZE'
  | 'PAUSED'
  | 'SUSPENDED'
  | 'SHELVED'
  | 'SHELVED_OFFLOADED'
  | 'DELETED'
  | 'UNKNOWN';

export interface ServerAddress {
  network: string;
  ip: string;
  type: 'fixed' | 'floating';
}

export interface Server {
  /** The cloud's id for the server (Nova's UUID). Owned by the cloud. */
  id: string;
  name: string;
  status: ServerStatus;
  /** Nova's task state (e.g. "migrating"), null when idle. */
  taskState: string | null;
  /** Hypervisor host name, null while unscheduled or when the caller may not see it. */
  host: string | null;
  availabilityZone: string | null;
  flavorId: string;
  imageId: string | null;
  /** Free-form metadata; Drover tags its servers with `drover:*` keys here. */
  metadata: Record<string, string>;
  addresses: ServerAddress[];
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** The cloud's last fault message, when in ERROR. */
  fault: string | null;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface Image {
  id: string;
  name: string;
  status: string;
}

export interface Network {
  id: string;
  name: string;
  external: boolean;
}

export interface FloatingIp {
  id: string;
  ip: string;
  /** Server the address is associated with, null when free. */
  serverId: string | null;
  network: string;
  /**
   * The label the address was allocated with (`allocateFloatingIp`'s `tag`; Neutron
   * keeps it as the address's description), null when it has none. Drover's is
   * `floatingIpTag(instanceId)`, so that an address whose id was never recorded can be
   * found again.
   */
  tag: string | null;
}

export interface ServerSpec {
  name: string;
  flavorId: string;
  imageId: string;
  /** Network ids, or "none" / "auto" (Nova microversion 2.37). */
  networks: string[] | 'none' | 'auto';
  metadata: Record<string, string>;
  keyName?: string;
  /** Plain text; the driver encodes it as the cloud needs. */
  userData?: string;
  adminPass?: string;
  securityGroups?: string[];
  availabilityZone?: string;
  /** Pin to a host (admin), as `az:host` does in Nova. */
  host?: string;
  serverGroupId?: string;
}

export type RebootKind = 'soft' | 'hard';

/** Metadata key under which Drover records its own instance id on every server it creates. */
export const DROVER_INSTANCE_TAG = 'drover:instance';

/**
 * Metadata key under which Drover records its installation id (one per database) on
 * every server it creates, so that two Drovers sharing one OpenStack project can tell
 * their servers apart. Servers booted before it existed do not carry it.
 */
export const DROVER_INSTALLATION_TAG = 'drover:installation';

/** Prefix of the tag Drover allocates its floating IPs with: `drover:instance=<id>`. */
const FLOATING_IP_TAG_PREFIX = `${DROVER_INSTANCE_TAG}=`;
const FLOATING_IP_INSTALLATION = ` ${DROVER_INSTALLATION_TAG}=`;

/**
 * The tag of the floating IP allocated for Drover's instance `instanceId`:
 * `drover:instance=<id> drover:installation=<installation>` (Neutron keeps it as the
 * description, up to 255 characters: ample for both ids). Without an installation,
 * the older form `drover:instance=<id>`.
 */
export function floatingIpTag(instanceId: string, installationId?: string): string {
  return FLOATING_IP_TAG_PREFIX + instanceId + (installationId ? FLOATING_IP_INSTALLATION + installationId : '');
}

/** The instance id in a floating IP's tag, or null when the address is not tagged by Drover. */
export function instanceOfFloatingIp(ip: Pick<FloatingIp, 'tag'>): string | null {
  if (ip.tag === null || !ip.tag.startsWith(FLOATING_IP_TAG_PREFIX)) return null;
  const rest = ip.tag.slice(FLOATING_IP_TAG_PREFIX.length);
  const end = rest.indexOf(' ');
  return (end < 0 ? rest : rest.slice(0, end)) || null;
}

/** The installation id in a Drover floating IP's tag, or null when it carries none (older tags). */
export function installationOfFloatingIp(ip: Pick<FloatingIp, 'tag'>): string | null {
  if (instanceOfFloatingIp(ip) === null) return null;
  const at = ip.tag!.indexOf(FLOATING_IP_INSTALLATION);
  return at < 0 ? null : ip.tag!.slice(at + FLOATING_IP_INSTALLATION.length) || null;
}
