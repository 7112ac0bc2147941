import type { Generated } from 'kysely';
import type { LeasingTables } from './leasing-schema.js';

/**
 * Row types of the tables, as Kysely sees them. Column names are snake_case; the
 * per-concern stores map rows to the camelCase records of store.ts.
 *
 * Portable column conventions (one schema on SQLite and PostgreSQL):
 * - times are ms since the epoch in `bigint` columns (read back as numbers on both);
 * - booleans are integers 0/1 (SQLite has no boolean, better-sqlite3 cannot bind one);
 *   tri-state booleans are nullable integers;
 * - fractions are `double precision` (exact round trip on both engines).
 */

export type Engine = 'sqlite' | 'postgres';

export interface CloudsTable {
  name: string;
  kind: string;
  description: string;
  synced_at: number | null;
  last_error: string | null;
}

export interface HostsTable {
  cloud: string;
  name: string;
  availability_zone: string;
  capacity_vcpus: number;
  capacity_ram_mb: number;
  capacity_disk_gb: number;
  overcommit_cpu: number;
  overcommit_ram: number;
  overcommit_disk: number;
  used_vcpus: number;
  used_ram_mb: number;
  used_disk_gb: number;
  servers: number;
  service_state: string;
  service_enabled: number;
  service_disabled_reason: string | null;
  service_forced_down: number;
  service_heartbeat_age_s: number | null;
  power: string;
  net_management: number | null;
  net_storage: number | null;
  net_tenant: number | null;
  load_cpu: number | null;
  load_ram: number | null;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  project: string;
  email: string | null;
  created_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  /** SHA-256 of the secret, lowercase hex. The secret itself is never stored. */
  hash: string;
  created_at: number;
}

export interface EventsTable {
  id: Generated<number>;
  at: number;
  level: string;
  kind: string;
  subject: string;
  reason: string;
  message: string;
}

/** Settings of the database as a whole (0008-settings): `installation_id`, ... */
export interface SettingsTable {
  key: string;
  value: string;
}

/** Every table: those above, and the leasing tables of leasing-schema.ts. */
export interface Database extends LeasingTables {
  clouds: CloudsTable;
  hosts: HostsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  events: EventsTable;
  settings: SettingsTable;
}
