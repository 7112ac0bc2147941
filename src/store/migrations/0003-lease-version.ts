import type { Kysely } from 'kysely';
import type { DroverMigration } from './migration.js';

/**
 * A version on each lease, bumped by every update, so that a write derived from a
 * read (the lease controller's warning, stop, reclaim) applies only to the row it read:
 * the state alone does not change when a lease is renewed, and two writes can share a
 * millisecond, so neither the state nor updated_at can tell a stale read.
 */
export const leaseVersion: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('leases')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
