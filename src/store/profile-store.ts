import type { Kysely } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../core/errors.js';
import { LIVE_LEASE_STATES, type Profile } from '../core/leasing/types.js';
import type { LeasingStore } from './leasing-store.js';
import type { Database } from './schema.js';
import { stableJson } from './stable-json.js';

type ProfileMethods = Pick<LeasingStore, 'upsertProfile' | 'getProfile' | 'listProfiles' | 'deleteProfile'>;

export function profileStore(db: Kysely<Database>): ProfileMethods {
  return {
    /**
     * No transaction: insert-if-absent, else update-if-different. Each step is one
     * atomic statement, so concurrent upserts cannot fail on the key, and the text
     * comparison (sorted keys) tells 'updated' from 'unchanged'.
     */
    async upsertProfile(profile) {
      const { name } = profile;
      // '/' would make "profile/cloud" pool ids ambiguous.
      if (!name || name.includes('/')) throw new InputError(`invalid profile name ${JSON.stringify(name)}`, 'name');
      const spec = stableJson(profile);
      const inserted = await db
        .insertInto('profiles')
        .values({ name, spec })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('name')
        .executeTakeFirst();
      if (inserted) return 'created';
      const updated = await db
        .updateTable('profiles')
        .set({ spec })
        .where('name', '=', name)
        .where('spec', '<>', spec)
        .executeTakeFirst();
      return updated.numUpdatedRows > 0n ? 'updated' : 'unchanged';
    },

    async getProfile(name) {
      const row = await db.selectFrom('profiles').select('spec').where('name', '=', name).executeTakeFirst();
      return row ? (JSON.parse(row.spec) as Profile) : null;
    },

    async listProfiles() {
      const rows = await db.selectFrom('profiles').select('spec').orderBy('name').execute();
      return rows.map((r) => JSON.parse(r.spec) as Profile);
    },

    async deleteProfile(name) {
      await db.transaction().execute(async (trx) => {
        const live = await trx
          .selectFrom('leases')
          .select('id')
          .where('profile', '=', name)
          .where('state', 'in', LIVE_LEASE_STATES)
          .limit(1)
          .executeTakeFirst();
        if (live) throw new ConflictError(`profile ${name} has live leases`);
        const res = await trx.deleteFrom('profiles').where('name', '=', name).executeTakeFirst();
        if (res.numDeletedRows === 0n) throw new NotFoundError(`profile ${name} not found`);
        await trx.deleteFrom('pools').where('profile', '=', name).execute();
      });
    },
  };
}
