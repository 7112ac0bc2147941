import type { Kysely, Selectable } from 'kysely';
import { InputError, NotFoundError } from '../core/errors.js';
import type { CloudsTable, Database } from './schema.js';
import type { CloudRecord, Store } from './store.js';

type CloudMethods = Pick<Store, 'upsertCloud' | 'listClouds' | 'getCloud' | 'markCloudSynced'>;

function toCloud(row: Selectable<CloudsTable>): CloudRecord {
  return {
    name: row.name,
    kind: row.kind,
    description: row.description,
    syncedAt: row.synced_at,
    lastError: row.last_error,
  };
}

export function cloudStore(db: Kysely<Database>): CloudMethods {
  return {
    async upsertCloud({ name, kind, description }) {
      // '/' separates cloud from host in host ids.
      if (!name || name.includes('/')) throw new InputError(`invalid cloud name ${JSON.stringify(name)}`, 'name');
      await db
        .insertInto('clouds')
        .values({ name, kind, description, synced_at: null, last_error: null })
        .onConflict((oc) => oc.column('name').doUpdateSet({ kind, description }))
        .execute();
    },

    async listClouds() {
      const rows = await db.selectFrom('clouds').selectAll().orderBy('name').execute();
      return rows.map(toCloud);
    },

    async getCloud(name) {
      const row = await db.selectFrom('clouds').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toCloud(row) : null;
    },

    async markCloudSynced(name, at, error) {
      // A failed sync keeps the last success time: "synced 3 h ago, failing since" is what operators need.
      const set = error === null ? { synced_at: at, last_error: null } : { last_error: error };
      const res = await db.updateTable('clouds').set(set).where('name', '=', name).executeTakeFirst();
      if (res.numUpdatedRows === 0n) throw new NotFoundError(`cloud ${name} not found`);
    },
  };
}
