import type { InstanceState, LeaseState, Profile } from '../core/leasing/types.js';
import type { ServerAddress } from '../core/cloud.js';

/**
 * The leasing part of the store: profiles, pools, instances, leases, requests,
 * quotas and the notification outbox. Same engines and rules as store.ts.
 *
 * Crash safety: an instance row is written (state 'pending') before its server is
 * booted, and the server carries the instance id in its metadata; so after a crash
 * the instance controller adopts or removes what it finds. Every state change that
 * can race goes through a compare-and-swap (`expectState`).
 */

export interface InstanceRecord {
  id: string;
  cloud: string;
  profile: string;
  state: InstanceState;
  /** The cloud's server id once the boot was accepted, else null. */
  serverId: string | null;
  /** Provisioning sub-step while in booting/configuring, e.g. 'floating-ip'. */
  step: string | null;
  /** Image and flavor ids the server was built from (for freshness checks). */
  imageId: string | null;
  flavorId: string | null;
  vcpus: number;
  ramMb: number;
  host: string | null;
  addresses: ServerAddress[];
  floatingIpId: string | null;
  /** Initial password; shown only to the lease holder, never logged. */
  password: string | null;
  leaseId: string | null;
  /** Recovery attempts made by the state manager since the last healthy look. */
  attempts: number;
  lastError: string | null;
  createdAt: number;
  /** When it became ready (boot-to-ready = readyAt - createdAt). */
  readyAt: number | null;
  updatedAt: number;
}

export type NewInstance = Pick<InstanceRecord, 'id' | 'cloud' | 'profile' | 'vcpus' | 'ramMb'> & { leaseId?: string | null };
export type InstancePatch = Partial<Omit<InstanceRecord, 'id' | 'cloud' | 'profile' | 'createdAt'>>;

export interface LeaseRecord {
  id: string;
  userId: string;
  project: string;
  profile: string;
  cloud: string;
  /** Null while provisioning from an empty pool. */
  instanceId: string | null;
  state: LeaseState;
  purpose: string;
  importance: number;
  /** Whether a ready instance was handed out at request time (a pool hit). */
  fromPool: boolean;
  vcpus: number;
  ramMb: number;
  createdAt: number;
  /** When the VM became usable by the holder (null while provisioning). */
  activeAt: number | null;
  expiresAt: number;
  /** End of the grace period for an expired important lease. */
  graceEndsAt: number | null;
  renewals: number;
  /** Warning offsets (ms before expiry) already sent, so each goes out once. */
  warnedOffsets: number[];
  endedAt: number | null;
  idempotencyKey: string;
  updatedAt: number;
}

export type NewLease = Omit<LeaseRecord, 'updatedAt' | 'renewals' | 'warnedOffsets' | 'endedAt' | 'graceEndsAt' | 'activeAt'> & {
  activeAt?: number | null;
};
export type LeasePatch = Partial<Omit<LeaseRecord, 'id' | 'userId' | 'project' | 'profile' | 'idempotencyKey' | 'createdAt'>>;

export interface PoolRecord {
  profile: string;
  cloud: string;
  /** The policy's own state between decisions (JSON-serialisable). */
  policyState: unknown;
  /** Last decision, for `GET /v1/pools`. */
  target: number;
  m: number;
  n: number;
  reason: string;
  updatedAt: number;
}

export interface PoolCounts {
  profile: string;
  cloud: string;
  /** pending + booting + configuring */
  provisioning: number;
  ready: number;
  leased: number;
  stopped: number;
  failed: number;
}

export interface QuotaLimits {
  instances: number | null;
  vcpus: number | null;
  ramMb: number | null;
}

export interface Usage {
  instances: number;
  vcpus: number;
  ramMb: number;
}

export interface NotificationRecord {
  id: number;
  userId: string;
  /** e.g. 'lease.expiring', 'lease.stopped', 'lease.reclaimed', 'lease.ready' */
  kind: string;
  subject: string;
  body: string;
  /** Structured payload for webhooks. */
  data: Record<string, unknown>;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  sentAt: number | null;
  lastError: string | null;
}

export interface LeasingStore {
  upsertProfile(profile: Profile, at: number): Promise<'created' | 'updated' | 'unchanged'>;
  getProfile(name: string): Promise<Profile | null>;
  listProfiles(): Promise<Profile[]>;
  /** Refused (ConflictError) while the profile has live leases. */
  deleteProfile(name: string): Promise<void>;

  insertInstance(instance: NewInstance, at: number): Promise<InstanceRecord>;
  getInstance(id: string): Promise<InstanceRecord | null>;
  listInstances(query?: { cloud?: string; profile?: string; states?: InstanceState[]; serverId?: string }): Promise<InstanceRecord[]>;
  /**
   * Compare-and-swap update: applied only when the row's state is one of
   * `expectState` (when given). Returns the updated row, or null when the row is
   * missing or its state did not match.
   */
  updateInstance(id: string, patch: InstancePatch, at: number, expectState?: InstanceState[]): Promise<InstanceRecord | null>;
  /**
   * Atomically takes one ready instance of the pool (oldest ready first) and marks it
   * leased to `leaseId`. Two concurrent claims never get the same instance (a single
   * conditional UPDATE; FOR UPDATE SKIP LOCKED on PostgreSQL). null when none is ready.
   */
  claimReadyInstance(profile: string, cloud: string, leaseId: string, at: number): Promise<InstanceRecord | null>;
  poolCounts(query?: { profile?: string; cloud?: string }): Promise<PoolCounts[]>;

  /**
   * Creates a lease unless one with the same (userId, idempotencyKey) exists, in
   * which case that one is returned with created=false. Atomic.
   */
  createLease(lease: NewLease): Promise<{ lease: LeaseRecord; created: boolean }>;
  getLease(id: string): Promise<LeaseRecord | null>;
  getLeaseByKey(userId: string, idempotencyKey: string): Promise<LeaseRecord | null>;
  listLeases(query?: { userId?: string; states?: LeaseState[]; profile?: string; cloud?: string }): Promise<LeaseRecord[]>;
  /** Compare-and-swap as for instances. */
  updateLease(id: string, patch: LeasePatch, at: number, expectState?: LeaseState[]): Promise<LeaseRecord | null>;
  /** Oldest provisioning lease of a pool waiting for an instance (FIFO hand-out of new VMs). */
  nextWaitingLease(profile: string, cloud: string): Promise<LeaseRecord | null>;

  getPool(profile: string, cloud: string): Promise<PoolRecord | null>;
  savePool(pool: PoolRecord): Promise<void>;
  /** Records one request against a pool (hit: served from ready instances). */
  recordRequest(profile: string, cloud: string, at: number, hit: boolean): Promise<void>;
  /** Request times since `since`, oldest first, and hit count among them. */
  requestsSince(profile: string, cloud: string, since: number): Promise<{ times: number[]; hits: number }>;

  setQuota(scope: 'user' | 'project', name: string, limits: QuotaLimits): Promise<void>;
  getQuota(scope: 'user' | 'project', name: string): Promise<QuotaLimits | null>;
  /** Resources held by live leases (provisioning, active, grace) of a user or a project. */
  usage(scope: 'user' | 'project', name: string): Promise<Usage>;

  enqueueNotification(n: Omit<NotificationRecord, 'id' | 'attempts' | 'sentAt' | 'lastError' | 'nextAttemptAt'>): Promise<NotificationRecord>;
  dueNotifications(now: number, limit: number): Promise<NotificationRecord[]>;
  markNotification(id: number, outcome: { sentAt: number } | { error: string; nextAttemptAt: number }): Promise<void>;
}
