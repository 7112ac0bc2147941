import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { addSerialId, BOOL, DOUBLE, TIME, type DroverMigration } from './migration.js';

/** Clouds, their hosts, users and API tokens, and the event log. */
export const initial: DroverMigration = {
  async up(db: Kysely<any>, engine: Engine) {
    await db.schema
      .createTable('clouds')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('synced_at', TIME)
      .addColumn('last_error', 'text')
      .execute();

    // Flat columns rather than a JSON blob: filters and capacity sums stay plain SQL on both engines.
    await db.schema
      .createTable('hosts')
      .addColumn('cloud', 'text', (c) => c.notNull().references('clouds.name').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('availability_zone', 'text', (c) => c.notNull())
      .addColumn('capacity_vcpus', 'integer', (c) => c.notNull())
      .addColumn('capacity_ram_mb', 'integer', (c) => c.notNull())
      .addColumn('capacity_disk_gb', 'integer', (c) => c.notNull())
      .addColumn('overcommit_cpu', DOUBLE, (c) => c.notNull())
      .addColumn('overcommit_ram', DOUBLE, (c) => c.notNull())
      .addColumn('overcommit_disk', DOUBLE, (c) => c.notNull())
      .addColumn('used_vcpus', 'integer', (c) => c.notNull())
      .addColumn('used_ram_mb', 'integer', (c) => c.notNull())
      .addColumn('used_disk_gb', 'integer', (c) => c.notNull())
      .addColumn('servers', 'integer', (c) => c.notNull())
      .addColumn('service_state', 'text', (c) => c.notNull())
      .addColumn('service_enabled', BOOL, (c) => c.notNull())
      .addColumn('service_disabled_reason', 'text')
      .addColumn('service_forced_down', BOOL, (c) => c.notNull())
      .addColumn('service_heartbeat_age_s', DOUBLE)
      .addColumn('power', 'text', (c) => c.notNull())
      .addColumn('net_management', BOOL)
      .addColumn('net_storage', BOOL)
      .addColumn('net_tenant', BOOL)
      .addColumn('load_cpu', DOUBLE)
      .addColumn('load_ram', DOUBLE)
      .addColumn('updated_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('hosts_pk', ['cloud', 'name'])
      .execute();
    await db.schema.createIndex('hosts_az_idx').on('hosts').columns(['availability_zone']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').columns(['user_id']).execute();

    await addSerialId(db.schema.createTable('events'), engine)
      .addColumn('at', TIME, (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .execute();
    // Events are read newest first, by subject or by kind.
    await db.schema.createIndex('events_subject_idx').on('events').columns(['subject', 'id']).execute();
    await db.schema.createIndex('events_kind_idx').on('events').columns(['kind', 'id']).execute();
  },
};
