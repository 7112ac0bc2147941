import type { Kysely } from 'kysely';
import type { Engine } from '../schema.js';
import { addSerialId, BOOL, TIME, type DroverMigration } from './migration.js';

/**
 * Leasing (seed 001): profiles, pools, instances, leases, the request log, quotas and
 * the notification outbox. JSON values are `text` on both engines (never queried
 * inside, only stored and read back whole).
 *
 * No foreign keys from instances or leases to clouds or profiles: their rows are the
 * record of servers Drover owns and of who held what, and must outlive a cloud or a
 * profile being removed (a cascade would leak servers; a restriction would block
 * removal forever).
 */
export const leasing: DroverMigration = {
  async up(db: Kysely<any>, engine: Engine) {
    await db.schema
      .createTable('profiles')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('spec', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('pools')
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('cloud', 'text', (c) => c.notNull())
      .addColumn('policy_state', 'text', (c) => c.notNull())
      .addColumn('target', 'integer', (c) => c.notNull())
      .addColumn('m', 'integer', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('updated_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('pools_pk', ['profile', 'cloud'])
      .execute();

    await db.schema
      .createTable('instances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('cloud', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('server_id', 'text')
      .addColumn('step', 'text')
      .addColumn('image_id', 'text')
      .addColumn('flavor_id', 'text')
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('ram_mb', 'integer', (c) => c.notNull())
      .addColumn('host', 'text')
      .addColumn('addresses', 'text', (c) => c.notNull())
      .addColumn('floating_ip_id', 'text')
      .addColumn('password', 'text')
      .addColumn('lease_id', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addColumn('ready_at', TIME)
      .addColumn('updated_at', TIME, (c) => c.notNull())
      .execute();
    // Claims: the oldest ready instance of one pool.
    await db.schema.createIndex('instances_claim_idx').on('instances').columns(['profile', 'cloud', 'state', 'ready_at']).execute();
    await db.schema.createIndex('instances_server_idx').on('instances').columns(['server_id']).execute();
    await db.schema.createIndex('instances_lease_idx').on('instances').columns(['lease_id']).execute();

    await db.schema
      .createTable('leases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('project', 'text', (c) => c.notNull())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('cloud', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('importance', 'integer', (c) => c.notNull())
      .addColumn('from_pool', BOOL, (c) => c.notNull())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('ram_mb', 'integer', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addColumn('active_at', TIME)
      .addColumn('expires_at', TIME, (c) => c.notNull())
      .addColumn('grace_ends_at', TIME)
      .addColumn('renewals', 'integer', (c) => c.notNull())
      .addColumn('warned_offsets', 'text', (c) => c.notNull())
      .addColumn('ended_at', TIME)
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('updated_at', TIME, (c) => c.notNull())
      .addUniqueConstraint('leases_user_key_uq', ['user_id', 'idempotency_key'])
      .execute();
    // The lease controller scans live leases by expiry.
    await db.schema.createIndex('leases_expiry_idx').on('leases').columns(['state', 'expires_at']).execute();
    // Usage sums and "my leases" (the unique constraint already covers user_id).
    await db.schema.createIndex('leases_project_idx').on('leases').columns(['project', 'state']).execute();
    await db.schema.createIndex('leases_pool_idx').on('leases').columns(['profile', 'cloud', 'state', 'created_at']).execute();

    await db.schema
      .createTable('pool_requests')
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('cloud', 'text', (c) => c.notNull())
      .addColumn('at', TIME, (c) => c.notNull())
      .addColumn('hit', BOOL, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pool_requests_idx').on('pool_requests').columns(['profile', 'cloud', 'at']).execute();

    await db.schema
      .createTable('quotas')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('instances', 'integer')
      .addColumn('vcpus', 'integer')
      .addColumn('ram_mb', 'integer')
      .addPrimaryKeyConstraint('quotas_pk', ['scope', 'name'])
      .execute();

    await addSerialId(db.schema.createTable('notifications'), engine)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', TIME, (c) => c.notNull())
      .addColumn('sent_at', TIME)
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('notifications_due_idx').on('notifications').columns(['sent_at', 'next_attempt_at']).execute();
  },
};
