import type { Kysely } from 'kysely';
import { TIME, type DroverMigration } from './migration.js';

/**
 * When a lease's VM was last replaced (POST /v1/leases/{id}/replace). A replaced lease
 * with no ready VM waits for one like a new request, and that wait is measured from
 * the replacement, not from the lease's creation days earlier (which would fail it at
 * once). Null for a lease never replaced.
 */
export const leaseReplacedAt: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('leases').addColumn('replaced_at', TIME).execute();
  },
};
