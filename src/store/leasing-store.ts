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
/** `updatedAt` is not patchable: every update sets it to its `at`. */
export type InstancePatch = Partial<Omit<InstanceRecord, 'id' | 'cloud' | 'profile' | 'createdAt' | 'updatedAt'>>;

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
  /**
   * 0 when created, + 1 on every update: pass the version read to `updateLease` so that
   * a write derived from that read applies only if nothing changed the lease since.
   */
  version: number;
  /**
   * When its VM was last replaced (POST /v1/leases/{id}/replace), else null. A replaced
   * lease waiting for a VM counts its wait from here, not from createdAt.
   */
  replacedAt: number | null;
}

export type NewLease = Omit<LeaseRecord, 'updatedAt' | 'version' | 'renewals' | 'warnedOffsets' | 'endedAt' | 'graceEndsAt' | 'activeAt' | 'replacedAt'> & {
  activeAt?: number | null;
};
/** `updatedAt` and `version` are not patchable: every update sets them. */
export type LeasePatch = Partial<
  Omit<LeaseRecord, 'id' | 'userId' | 'project' | 'profile' | 'idempotencyKey' | 'createdAt' | 'updatedAt' | 'version'>
>;

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
  /**
   * What one VM of the pool holds: the profile's flavor as the pool controller last
   * resolved it (null before it ever could). Quotas count a request at this size.
   */
  vcpus: number | null;
  ramMb: number | null;
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
  /** Being repaired by the state manager (formerly ready or leased: see its leaseId). */
  recovering: number;
  failed: number;
}

/** How many instances of a pool are in one state, with or without a leaseId. */
export interface PoolStateCount {
  state: InstanceState;
  /** Whether these instances carry a leaseId (booted for a lease, or held by one). */
  withLease: boolean;
  count: number;
}

/** Which of a pool's ready instances `readyInstances` returns. */
export interface ReadyInstanceQuery {
  /** At most this many (a positive integer, else InputError). */
  limit: number;
  /** Only those built from an image other than this one (an instance with no image id never matches). */
  imageNot?: string;
  /** Only those built with a flavor other than this one (an instance with no flavor id never matches). */
  flavorNot?: string;
  /** Only those ready since before this time (readyAt < readyBefore). */
  readyBefore?: number;
}

/** One boot-to-ready measurement: when an instance's row was written and when it became ready. */
export interface ReadyTime {
  createdAt: number;
  readyAt: number;
}

/** Quota limits and usage are domain types (core/leasing/quota.ts), re-exported here. */
export type { QuotaLimits, Usage } from '../core/leasing/quota.js';
import type { QuotaLimits, Usage } from '../core/leasing/quota.js';

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

/** How long `recordRequest` keeps request rows: longer than any policy's look-back. */
export const REQUEST_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * A place in a listing ordered by (createdAt, id): the last item of the page before.
 * A page starts strictly after it, so items written meanwhile before it are not
 * repeated, and none is skipped.
 */
export interface ListPosition {
  createdAt: number;
  id: string;
}

/** One page of a listing ordered by (createdAt, id), in SQL (LIMIT and a keyset condition). */
export interface ListPage {
  /** At most this many (a positive integer, else InputError naming 'limit'); all when absent. */
  limit?: number;
  /** Only items after this one in the listing's order. */
  after?: ListPosition;
}

export interface InstanceQuery extends ListPage {
  cloud?: string;
  profile?: string;
  states?: InstanceState[];
  serverId?: string;
  leaseId?: string;
}

export interface LeaseQuery extends ListPage {
  userId?: string;
  states?: LeaseState[];
  profile?: string;
  cloud?: string;
  /** Only leases with expiresAt <= this (the lease controller's expiry scan). */
  expiresBefore?: number;
}

export interface LeasingStore {
  /**
   * Inserts or replaces the profile by name. 'unchanged' when the stored profile is
   * equal (key order does not matter). Concurrent upserts: the last one wins. The name
   * must be non-empty and contain no '/' (InputError). The store does not validate the
   * rest of the profile; core does, before calling.
   */
  upsertProfile(profile: Profile, at: number): Promise<'created' | 'updated' | 'unchanged'>;
  getProfile(name: string): Promise<Profile | null>;
  /** By name. */
  listProfiles(): Promise<Profile[]>;
  /**
   * Deletes the profile and its pool rows (policy state). Refused (ConflictError) while
   * the profile has live leases; NotFoundError when there is no such profile. Its
   * instances stay: the controllers reclaim instances whose profile is gone. A lease
   * created concurrently with the delete is not prevented (no lock is shared); the
   * lease controller fails a lease whose profile is missing.
   */
  deleteProfile(name: string): Promise<void>;

  /**
   * Writes the intent row before the server is booted: state 'pending', no server,
   * attempts 0, no addresses. The caller chooses the id (it goes into the server's
   * metadata). ConflictError when the id exists.
   */
  insertInstance(instance: NewInstance, at: number): Promise<InstanceRecord>;
  getInstance(id: string): Promise<InstanceRecord | null>;
  /**
   * The instances with these ids, in no particular order; ids with no instance are left
   * out, and an id given twice is answered once. Any number of ids: they are read in
   * chunks (bound parameters per statement are limited, on SQLite especially).
   */
  getInstances(ids: readonly string[]): Promise<InstanceRecord[]>;
  /**
   * Oldest first (createdAt, id). Deleted instances are included unless `states` excludes
   * them. `limit` and `after` page through the same order.
   */
  listInstances(query?: InstanceQuery): Promise<InstanceRecord[]>;
  /**
   * Compare-and-swap update: applied only when the row's state is one of
   * `expectState` (when given), in one conditional UPDATE. Returns the updated row,
   * or null when the row is missing or its state did not match (an empty
   * `expectState` matches nothing). Sets updatedAt to `at`.
   */
  updateInstance(id: string, patch: InstancePatch, at: number, expectState?: InstanceState[]): Promise<InstanceRecord | null>;
  /**
   * Atomically takes one ready instance of the pool (oldest readyAt first, then id) and
   * marks it leased to `leaseId`. Two concurrent claims, from any number of processes,
   * never get the same instance (a single conditional UPDATE; FOR UPDATE SKIP LOCKED on
   * PostgreSQL). null when none is ready.
   */
  claimReadyInstance(profile: string, cloud: string, leaseId: string, at: number): Promise<InstanceRecord | null>;
  /**
   * Instance counts per (profile, cloud), by profile then cloud. Only pools with at
   * least one instance that is neither deleting nor deleted appear.
   */
  poolCounts(query?: { profile?: string; cloud?: string }): Promise<PoolCounts[]>;
  /**
   * One pool's instances counted per (state, with or without a leaseId), in no
   * particular order; only pairs with at least one instance appear, and deleting and
   * deleted instances never do. What the pool controller sizes the pool by, without
   * reading the rows (the pool's index answers it).
   */
  poolStateCounts(profile: string, cloud: string): Promise<PoolStateCount[]>;
  /**
   * A pool's ready instances, oldest first (readyAt, then id; one without readyAt,
   * which no ready instance should lack, last), narrowed by `query`: the ones trimmed
   * or replaced first, without reading the rest of the pool.
   */
  readyInstances(profile: string, cloud: string, query: ReadyInstanceQuery): Promise<InstanceRecord[]>;
  /**
   * Boot-to-ready times of the `limit` instances of a pool that became ready most
   * recently (readyAt descending, then createdAt, then id), among those neither deleting
   * nor deleted. `limit` a positive integer, else InputError.
   */
  recentReadyTimes(profile: string, cloud: string, limit: number): Promise<ReadyTime[]>;

  /**
   * Creates a lease unless one with the same (userId, idempotencyKey) exists, in
   * which case that one is returned unchanged with created=false, whatever the other
   * fields say (the caller compares them if it cares). Atomic under concurrency.
   * renewals 0, warnedOffsets [], no grace or end. NotFoundError for an unknown user;
   * ConflictError when the id is taken by a lease with another key.
   */
  createLease(lease: NewLease): Promise<{ lease: LeaseRecord; created: boolean }>;
  getLease(id: string): Promise<LeaseRecord | null>;
  getLeaseByKey(userId: string, idempotencyKey: string): Promise<LeaseRecord | null>;
  /** Oldest first (createdAt, id); `limit` and `after` page through the same order. */
  listLeases(query?: LeaseQuery): Promise<LeaseRecord[]>;
  /**
   * Compare-and-swap as for instances, and with `expectVersion` also on the lease's
   * version (applied only when no update happened since the read that gave that
   * version), in the same conditional UPDATE. Every update bumps the version.
   */
  updateLease(id: string, patch: LeasePatch, at: number, expectState?: LeaseState[], expectVersion?: number): Promise<LeaseRecord | null>;
  /** Oldest provisioning lease of a pool without an instance yet (FIFO hand-out of new VMs). */
  nextWaitingLease(profile: string, cloud: string): Promise<LeaseRecord | null>;
  /**
   * A pool's leases still waiting for a VM to be booted for them, oldest first
   * (createdAt, id): provisioning, no instanceId, and no instance of that pool carrying
   * their id that is on its way (pending, booting, configuring) or in hand (leased).
   */
  waitingLeases(profile: string, cloud: string): Promise<LeaseRecord[]>;

  getPool(profile: string, cloud: string): Promise<PoolRecord | null>;
  /** Inserts or replaces the pool's row. */
  savePool(pool: PoolRecord): Promise<void>;
  /**
   * Records one request against a pool (hit: served from ready instances), and drops
   * that pool's requests older than `at - REQUEST_RETENTION_MS`.
   */
  recordRequest(profile: string, cloud: string, at: number, hit: boolean): Promise<void>;
  /** Request times at or after `since`, oldest first, and the hit count among them. */
  requestsSince(profile: string, cloud: string, since: number): Promise<{ times: number[]; hits: number }>;

  /** Inserts or replaces; a null limit means unlimited. */
  setQuota(scope: 'user' | 'project', name: string, limits: QuotaLimits): Promise<void>;
  /** null when none was set. */
  getQuota(scope: 'user' | 'project', name: string): Promise<QuotaLimits | null>;
  /**
   * Resources held by live leases (provisioning, active, grace) of a user (by user id)
   * or a project: their count and the sums of their vcpus and ramMb.
   */
  usage(scope: 'user' | 'project', name: string): Promise<Usage>;

  /** Queues a notification, due at once (nextAttemptAt = createdAt), attempts 0. */
  enqueueNotification(n: Omit<NotificationRecord, 'id' | 'attempts' | 'sentAt' | 'lastError' | 'nextAttemptAt'>): Promise<NotificationRecord>;
  /**
   * Unsent notifications with nextAttemptAt <= now, oldest due first, at most `limit`
   * (a positive integer, else InputError). With `claimForMs`, the same statement also
   * moves their nextAttemptAt to now + claimForMs (the returned records show the new
   * value, in id order), so a concurrent caller does not get them, and a sender that
   * dies before `markNotification` has them come due again (at-least-once delivery).
   * Without it, concurrent callers get the same rows: one sender at a time is assumed.
   */
  dueNotifications(now: number, limit: number, claimForMs?: number): Promise<NotificationRecord[]>;
  /**
   * Records one delivery attempt (attempts + 1): sent, or failed with the next try time.
   * NotFoundError for an unknown id.
   */
  markNotification(id: number, outcome: { sentAt: number } | { error: string; nextAttemptAt: number }): Promise<void>;
}
