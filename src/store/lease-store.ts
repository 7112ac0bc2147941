import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { leasePatchRow, newLeaseRow, toLease } from './lease-row.js';
import type { LeasingStore } from './leasing-store.js';
import { selectPage } from './list-page.js';
import type { Database } from './schema.js';
import { isForeignKeyViolation, isUniqueViolation } from './sql-errors.js';

type LeaseMethods = Pick<
  LeasingStore,
  'createLease' | 'getLease' | 'getLeaseByKey' | 'listLeases' | 'updateLease' | 'nextWaitingLease' | 'waitingLeases'
>;

/** An instance in these states, carrying a lease's id, is that lease's VM on its way or in hand. */
const SERVING = ['pending', 'booting', 'configuring', 'leased'];

export function leaseStore(db: Kysely<Database>): LeaseMethods {
  const byKey = async (userId: string, key: string) => {
    const row = await db
      .selectFrom('leases')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? toLease(row) : null;
  };

  return {
    /**
     * ON CONFLICT on the (user, key) pair only: a retried request finds its lease
     * without an error (on PostgreSQL a concurrent twin waits for the first insert to
     * commit, then does nothing); a clash on the id alone is still an error.
     */
    async createLease(lease) {
      const row = newLeaseRow(lease);
      let inserted: unknown;
      try {
        inserted = await db
          .insertInto('leases')
          .values(row)
          .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
          .returning('id')
          .executeTakeFirst();
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new NotFoundError(`user ${lease.userId} not found`);
        if (isUniqueViolation(e)) throw new ConflictError(`lease ${lease.id} already exists`);
        throw e;
      }
      if (inserted) return { lease: toLease(row), created: true };
      const existing = await byKey(lease.userId, lease.idempotencyKey);
      // Leases are never deleted, so the row that won the conflict is there to read.
      if (!existing) throw new Error(`lease with key ${lease.idempotencyKey} vanished after a conflict`);
      return { lease: existing, created: false };
    },

    async getLease(id) {
      const row = await db.selectFrom('leases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toLease(row) : null;
    },

    getLeaseByKey: byKey,

    async listLeases(query = {}) {
      const rows = await selectPage(db, query, () => {
        let q = db.selectFrom('leases').selectAll();
        if (query.userId !== undefined) q = q.where('user_id', '=', query.userId);
        if (query.profile !== undefined) q = q.where('profile', '=', query.profile);
        if (query.cloud !== undefined) q = q.where('cloud', '=', query.cloud);
        if (query.expiresBefore !== undefined) q = q.where('expires_at', '<=', query.expiresBefore);
        return q;
      });
      return rows.map(toLease);
    },

    async updateLease(id, patch, at, expectState, expectVersion) {
      if (expectState?.length === 0) return null;
      let q = db
        .updateTable('leases')
        .set(leasePatchRow(patch, at))
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', id);
      // The tests are in the UPDATE itself: the row is checked and changed under one lock.
      if (expectState !== undefined) q = q.where('state', 'in', expectState);
      if (expectVersion !== undefined) q = q.where('version', '=', expectVersion);
      const row = await q.returningAll().executeTakeFirst();
      return row ? toLease(row) : null;
    },

    async nextWaitingLease(profile, cloud) {
      const row = await db
        .selectFrom('leases')
        .selectAll()
        .where('profile', '=', profile)
        .where('cloud', '=', cloud)
        .where('state', '=', 'provisioning')
        .where('instance_id', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row ? toLease(row) : null;
    },

    /** Few rows (the leases waiting), each checked through the instances' lease_id index. */
    async waitingLeases(profile, cloud) {
      const rows = await db
        .selectFrom('leases as l')
        .selectAll('l')
        .where('l.profile', '=', profile)
        .where('l.cloud', '=', cloud)
        .where('l.state', '=', 'provisioning')
        .where('l.instance_id', 'is', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('instances as i')
                .select('i.id')
                .whereRef('i.lease_id', '=', 'l.id')
                .where('i.profile', '=', profile)
                .where('i.cloud', '=', cloud)
                .where('i.state', 'in', SERVING),
            ),
          ),
        )
        .orderBy('l.created_at')
        .orderBy('l.id')
        .execute();
      return rows.map(toLease);
    },
  };
}
