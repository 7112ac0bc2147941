import type { Kysely } from 'kysely';
import type { DroverMigration } from './migration.js';

/**
 * The API lists leases and instances a page at a time, oldest first (created_at, id),
 * each page starting after the last one's (created_at, id). These indexes hold that
 * order behind the filters the listings use, so a page is an index range that stops
 * after `limit` rows instead of a sort of the table:
 * - leases of one user, in a state or a few (the default `GET /v1/leases`): per state, a
 *   range of (user_id, state); a few states are a few ranges merged by a small sort;
 * - leases of everyone in a state or a few (operators' `?all=true`);
 * - leases of everyone in every state (`?all=true&state=all`), history included;
 * - instances in a state or a few (`GET /v1/instances` leaves deleted ones out, and they
 *   are most of the table once it has history).
 */
export const listOrderIndexes: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('leases_user_list_idx').on('leases').columns(['user_id', 'state', 'created_at', 'id']).execute();
    await db.schema.createIndex('leases_state_list_idx').on('leases').columns(['state', 'created_at', 'id']).execute();
    await db.schema.createIndex('leases_list_idx').on('leases').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('instances_state_list_idx').on('instances').columns(['state', 'created_at', 'id']).execute();
  },
};
