import type { HostInfo } from '../core/cloud.js';
import type { LeasingStore } from './leasing-store.js';

export * from './leasing-store.js';

/**
 * The store: the one place controllers and the API meet. One schema, one set of
 * migrations, on SQLite (embedded default) and PostgreSQL. Everything here is
 * dialect-agnostic; `open-store.ts` picks the engine from a URL.
 *
 * Times are ms since the epoch (numbers) everywhere in this interface.
 */

export interface CloudRecord {
  name: string;
  /** 'sim' | 'openstack' */
  kind: string;
  /** Non-secret description (region, auth URL); never credentials. */
  description: string;
  /** Last successful sync, null before the first. */
  syncedAt: number | null;
  /** Last sync error message, null when the last sync succeeded. */
  lastError: string | null;
}

export interface HostRecord extends HostInfo {
  cloud: string;
  /** `${cloud}/${name}`: the id used by the API. */
  id: string;
  /** When this row last changed. */
  updatedAt: number;
}

export interface HostQuery {
  cloud?: string;
  availabilityZone?: string;
}

export type Role = 'user' | 'operator' | 'admin';

export interface User {
  id: string;
  name: string;
  role: Role;
  project: string;
  email: string | null;
  createdAt: number;
}

export interface ApiToken {
  id: string;
  userId: string;
  /** Free text to tell tokens apart. */
  label: string;
  createdAt: number;
}

export interface EventRecord {
  id: number;
  at: number;
  /** 'info' | 'warning' | 'error' */
  level: string;
  /** What the event is about, e.g. 'host', 'cloud', 'instance', 'lease'. */
  kind: string;
  /** The object's id, e.g. 'sim/az1-h01'. */
  subject: string;
  /** Short machine-readable reason, e.g. 'ServiceDown'. */
  reason: string;
  message: string;
}

export type NewEvent = Omit<EventRecord, 'id'>;

/** Leasing's methods (profiles, pools, instances, leases, quotas, notifications) are in leasing-store.ts. */
export interface Store extends LeasingStore {
  /** 'sqlite' | 'postgres' */
  readonly engine: string;

  /**
   * Inserts or updates the cloud by name (syncedAt and lastError untouched on update).
   * Names must be non-empty and contain no '/' (InputError).
   */
  upsertCloud(cloud: Pick<CloudRecord, 'name' | 'kind' | 'description'>): Promise<void>;
  listClouds(): Promise<CloudRecord[]>;
  getCloud(name: string): Promise<CloudRecord | null>;
  /**
   * Records the outcome of a sync: error null on success (sets syncedAt, clears lastError);
   * on failure only lastError is set, so syncedAt keeps the last success. NotFoundError
   * for an unknown cloud.
   */
  markCloudSynced(name: string, at: number, error: string | null): Promise<void>;

  /**
   * Writes hosts of one cloud. Rows whose content did not change are not rewritten
   * (their updatedAt stays). With `full`, hosts of that cloud missing from `hosts`
   * are removed. Returns what it did. The cloud must exist (NotFoundError); a name listed
   * twice is an InputError. One writer per cloud (its owner) is assumed.
   */
  syncHosts(
    cloud: string,
    hosts: HostInfo[],
    full: boolean,
    at: number,
  ): Promise<{ created: number; updated: number; unchanged: number; removed: number }>;
  listHosts(query?: HostQuery): Promise<HostRecord[]>;
  /** By `${cloud}/${name}`. */
  getHost(id: string): Promise<HostRecord | null>;

  /** ConflictError when the name is taken; InputError for an unknown role. */
  createUser(user: Omit<User, 'id' | 'createdAt'>, at: number): Promise<User>;
  getUserByName(name: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /**
   * Creates an API token. Returns the secret once (`drv_` + 32 random bytes, base64url);
   * only its SHA-256 hash is kept. NotFoundError for an unknown user.
   */
  createToken(userId: string, label: string, at: number): Promise<{ token: ApiToken; secret: string }>;
  /** The user owning this secret, or null. */
  authenticate(secret: string): Promise<User | null>;
  /** The user's tokens (never their secrets), oldest first. */
  listTokens(userId: string): Promise<ApiToken[]>;
  /** Deletes the token; its secret stops authenticating at once. False when there was none. */
  revokeToken(tokenId: string): Promise<boolean>;

  appendEvent(event: NewEvent): Promise<EventRecord>;
  /**
   * Newest first (by id). `limit` defaults to 100, at most 10,000 (a guard against
   * reading the whole log; the API's pages are smaller). `sinceId` returns only events
   * with a greater id, for polling; `beforeId` only those with a smaller one, for paging
   * back through the log. `subjects`: only events about one of these (none: no events).
   */
  listEvents(query?: { subject?: string; subjects?: readonly string[]; kind?: string; limit?: number; sinceId?: number; beforeId?: number }): Promise<EventRecord[]>;

  /**
   * This database's installation id: random, made on the first call and the same
   * ever after (concurrent first calls, from any process, all get the one that was
   * kept). Drover tags the servers it boots with it, so that two Drovers sharing one
   * OpenStack project never take each other's servers for orphans.
   */
  installationId(): Promise<string>;

  /** Names of the applied schema migrations, in order (the last one is the schema version). */
  migrations(): Promise<string[]>;

  /**
   * Runs `fn` in one transaction and commits what it wrote when it resolves (rolls back
   * when it throws). `fn` must use only the store it is given: on SQLite the outer
   * store waits for the transaction's connection, so a call on it from inside `fn`
   * would wait forever. Keep it short: it holds the write lock (SQLite) or row locks.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  /**
   * Inside `transaction` only: serialises this transaction with every other one that
   * locks the same project's quota, across processes, until it ends. Quota checks
   * read usage and then write leases; under this lock two requests cannot both pass
   * on the same remaining room. (SQLite: its transactions already run one at a time.)
   */
  lockQuota(project: string): Promise<void>;

  close(): Promise<void>;
}
