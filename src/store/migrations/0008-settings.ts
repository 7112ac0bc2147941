import type { Kysely } from 'kysely';
import type { DroverMigration } from './migration.js';

/**
 * Settings of this database as a whole, one row per key. The first is
 * `installation_id`: a random id that tells this Drover's servers from those of
 * another Drover sharing the same OpenStack project (see installation-store.ts).
 */
export const settings: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
