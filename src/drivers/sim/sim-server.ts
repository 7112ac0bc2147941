import type { Flavor, Server, ServerAddress, ServerStatus } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';

/** What a server is doing right now; at most one at a time, as Nova's task_state. */
export type SimOpKind =
  | 'schedule'
  | 'build'
  | 'start'
  | 'stop'
  | 'reboot'
  | 'rebuild'
  | 'liveMigrate'
  | 'coldMigrate'
  | 'evacuate'
  | 'delete';

export interface SimOp {
  kind: SimOpKind;
  /** Status before the operation began, to return to if it fails. */
  prior: ServerStatus;
  /** Hosts whose compute service must be alive for the operation to finish. */
  requires: string[];
  /** Destination host holding a resource claim for this operation, if any. */
  dest: string | null;
  /** The completion timer fired while a required host was dead: finishes on its return. */
  stalled: boolean;
  cancelTimer: () => void;
  finish: () => void;
}

export interface SimServer {
  id: string;
  name: string;
  flavor: Flavor;
  imageId: string;
  status: ServerStatus;
  taskState: string | null;
  host: string | null;
  availabilityZone: string | null;
  metadata: Record<string, string>;
  addresses: ServerAddress[];
  createdAt: number;
  updatedAt: number;
  fault: string | null;
  /** Change counter value of the last change (for changes-since cursors). */
  version: number;
  op: SimOp | null;
  /** Its host lost power while it ran there: the guest is gone until something restarts it. */
  guestLost: boolean;
  /** Held only to answer `passwordMatches`; never returned, logged or put in an error. */
  password: string | null;
  /** As given at boot, so that provisioning can be checked; never returned by the driver. */
  userData: string | null;
  /** Fraction of its vCPUs this server keeps busy while running. */
  cpuUtil: number;
  /** Where the fixed addresses came from: network id per address, for release on delete. */
  fixedIps: { networkId: string; ip: string }[];
  /** Set by the delete op: the record stays as a tombstone for changes-since listings, until the retention (ServerTable). */
  deleted: boolean;
}

export function toServer(s: SimServer): Server {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    taskState: s.taskState,
    host: s.host,
    availabilityZone: s.availabilityZone,
    flavorId: s.flavor.id,
    imageId: s.imageId,
    metadata: { ...s.metadata },
    addresses: s.addresses.map((a) => ({ ...a })),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    fault: s.fault,
  };
}

/** Whether the guest is running (consumes CPU, answers on the tenant network). */
export function isRunning(s: SimServer): boolean {
  if (s.deleted || s.guestLost) return false;
  return s.status === 'ACTIVE' || s.status === 'MIGRATING' || s.status === 'REBOOT' || s.status === 'HARD_REBOOT';
}

/** Nova's check_instance_state: the server must be in one of `statuses` and idle. */
export function requireState(s: SimServer, action: string, statuses: ServerStatus[]): void {
  if (s.taskState !== null) {
    throw new DriverError(
      'conflict',
      `Cannot '${action}' instance ${s.id} while it is in task_state ${s.taskState}`,
      { status: 409 },
    );
  }
  if (!statuses.includes(s.status)) {
    throw new DriverError(
      'conflict',
      `Cannot '${action}' instance ${s.id} while it is in status ${s.status}`,
      { status: 409 },
    );
  }
}
