import type { Kysely } from 'kysely';
import type { DroverMigration } from './migration.js';

/**
 * The pool controller measures refill time from the instances of a pool that became
 * ready last, whatever their state now (readyAt descending, ties by createdAt and id).
 * This index holds exactly that order, so the query walks back from the newest readyAt
 * and stops after a few rows instead of sorting the whole pool (the claim index leads
 * with state, so it cannot give one order across states).
 */
export const poolReadyIndex: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('instances_recent_ready_idx')
      .on('instances')
      .columns(['profile', 'cloud', 'ready_at desc', 'created_at', 'id'])
      .execute();
  },
};
