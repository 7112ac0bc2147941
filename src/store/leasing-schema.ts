import type { Generated } from 'kysely';

/**
 * Row types of the leasing tables (migration 0002), same conventions as schema.ts.
 * Columns holding JSON are `text`: JSON.stringify on write, JSON.parse on read.
 */

export interface ProfilesTable {
  name: string;
  /** The whole Profile, JSON with sorted keys (so equal profiles have equal text). */
  spec: string;
}

export interface PoolsTable {
  profile: string;
  cloud: string;
  /** JSON */
  policy_state: string;
  target: number;
  m: number;
  n: number;
  reason: string;
  updated_at: number;
  /** Size of the VMs the pool builds (migration 0004); null until known. */
  vcpus: number | null;
  ram_mb: number | null;
}

export interface InstancesTable {
  id: string;
  cloud: string;
  profile: string;
  state: string;
  server_id: string | null;
  step: string | null;
  image_id: string | null;
  flavor_id: string | null;
  vcpus: number;
  ram_mb: number;
  host: string | null;
  /** JSON ServerAddress[] */
  addresses: string;
  floating_ip_id: string | null;
  password: string | null;
  lease_id: string | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  ready_at: number | null;
  updated_at: number;
}

export interface LeasesTable {
  id: string;
  user_id: string;
  project: string;
  profile: string;
  cloud: string;
  instance_id: string | null;
  state: string;
  purpose: string;
  importance: number;
  from_pool: number;
  vcpus: number;
  ram_mb: number;
  created_at: number;
  active_at: number | null;
  expires_at: number;
  grace_ends_at: number | null;
  renewals: number;
  /** JSON number[] */
  warned_offsets: string;
  ended_at: number | null;
  idempotency_key: string;
  updated_at: number;
  /** Bumped by every update (migration 0003). */
  version: number;
  /** When its VM was last replaced (migration 0007). */
  replaced_at: number | null;
}

export interface PoolRequestsTable {
  profile: string;
  cloud: string;
  at: number;
  hit: number;
}

export interface QuotasTable {
  /** 'user' | 'project' */
  scope: string;
  name: string;
  instances: number | null;
  vcpus: number | null;
  ram_mb: number | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  subject: string;
  body: string;
  /** JSON object */
  data: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}

export interface LeasingTables {
  profiles: ProfilesTable;
  pools: PoolsTable;
  instances: InstancesTable;
  leases: LeasesTable;
  pool_requests: PoolRequestsTable;
  quotas: QuotasTable;
  notifications: NotificationsTable;
}
