import type { Kysely } from 'kysely';
import { ConflictError } from '../core/errors.js';
import { instancePatchRow, newInstanceRow, toInstance } from './instance-row.js';
import type { LeasingStore, PoolCounts } from './leasing-store.js';
import { selectPage } from './list-page.js';
import type { Database, Engine } from './schema.js';
import { isUniqueViolation } from './sql-errors.js';

type InstanceMethods = Pick<
  LeasingStore,
  'insertInstance' | 'getInstance' | 'getInstances' | 'listInstances' | 'updateInstance' | 'claimReadyInstance' | 'poolCounts'
>;

/** Which PoolCounts field each instance state adds to; deleting and deleted count nowhere. */
const COUNTED = new Map<string, keyof Omit<PoolCounts, 'profile' | 'cloud'>>([
  ['pending', 'provisioning'],
  ['booting', 'provisioning'],
  ['configuring', 'provisioning'],
  ['ready', 'ready'],
  ['leased', 'leased'],
  ['stopped', 'stopped'],
  ['recovering', 'recovering'],
  ['failed', 'failed'],
]);

/**
 * Ids per `getInstances` statement: well under SQLite's bound-parameter limit (999 in
 * builds before 3.32) and PostgreSQL's (65535), and a short IN list for either planner.
 */
export const IDS_PER_QUERY = 500;

export function instanceStore(db: Kysely<Database>, engine: Engine): InstanceMethods {
  return {
    async insertInstance(instance, at) {
      const row = newInstanceRow(instance, at);
      try {
        await db.insertInto('instances').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`instance ${instance.id} already exists`);
        throw e;
      }
      return toInstance(row);
    },

    async getInstance(id) {
      const row = await db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInstance(row) : null;
    },

    async getInstances(ids) {
      const unique = [...new Set(ids)];
      const out = [];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const chunk = unique.slice(i, i + IDS_PER_QUERY);
        out.push(...(await db.selectFrom('instances').selectAll().where('id', 'in', chunk).execute()).map(toInstance));
      }
      return out;
    },

    async listInstances(query = {}) {
      const rows = await selectPage(db, query, () => {
        let q = db.selectFrom('instances').selectAll();
        if (query.cloud !== undefined) q = q.where('cloud', '=', query.cloud);
        if (query.profile !== undefined) q = q.where('profile', '=', query.profile);
        if (query.serverId !== undefined) q = q.where('server_id', '=', query.serverId);
        if (query.leaseId !== undefined) q = q.where('lease_id', '=', query.leaseId);
        return q;
      });
      return rows.map(toInstance);
    },

    async updateInstance(id, patch, at, expectState) {
      if (expectState?.length === 0) return null;
      let q = db.updateTable('instances').set(instancePatchRow(patch, at)).where('id', '=', id);
      // The state test is in the UPDATE itself: the row is checked and changed under one lock.
      if (expectState !== undefined) q = q.where('state', 'in', expectState);
      const row = await q.returningAll().executeTakeFirst();
      return row ? toInstance(row) : null;
    },

    /**
     * One statement: the subquery picks the oldest ready instance, the UPDATE takes it.
     * PostgreSQL: FOR UPDATE SKIP LOCKED makes concurrent claims pass over a row another
     * claim holds rather than wait for it and find it gone. SQLite: a writing statement
     * holds the database's write lock from start to end, so claims run one after another.
     * The outer `state = 'ready'` is a second guard: a row is never taken twice.
     */
    async claimReadyInstance(profile, cloud, leaseId, at) {
      const row = await db
        .updateTable('instances')
        .set({ state: 'leased', lease_id: leaseId, updated_at: at })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('instances')
            .select('id')
            .where('profile', '=', profile)
            .where('cloud', '=', cloud)
            .where('state', '=', 'ready')
            .orderBy('ready_at')
            .orderBy('id')
            .limit(1)
            .$if(engine === 'postgres', (sq) => sq.forUpdate().skipLocked()),
        )
        .where('state', '=', 'ready')
        .returningAll()
        .executeTakeFirst();
      return row ? toInstance(row) : null;
    },

    async poolCounts(query = {}) {
      let q = db
        .selectFrom('instances')
        .select(['profile', 'cloud', 'state', (eb) => eb.fn.countAll<number>().as('count')])
        .where('state', 'not in', ['deleting', 'deleted']);
      if (query.profile !== undefined) q = q.where('profile', '=', query.profile);
      if (query.cloud !== undefined) q = q.where('cloud', '=', query.cloud);
      const rows = await q.groupBy(['profile', 'cloud', 'state']).orderBy('profile').orderBy('cloud').execute();

      const pools = new Map<string, PoolCounts>();
      for (const r of rows) {
        const field = COUNTED.get(r.state);
        if (field === undefined) continue;
        const key = JSON.stringify([r.profile, r.cloud]);
        let p = pools.get(key);
        if (!p) {
          p = { profile: r.profile, cloud: r.cloud, provisioning: 0, ready: 0, leased: 0, stopped: 0, recovering: 0, failed: 0 };
          pools.set(key, p);
        }
        p[field] += Number(r.count);
      }
      return [...pools.values()];
    },
  };
}
