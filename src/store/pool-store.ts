import type { Kysely } from 'kysely';
import { REQUEST_RETENTION_MS, type LeasingStore } from './leasing-store.js';
import type { Database } from './schema.js';

type PoolMethods = Pick<LeasingStore, 'getPool' | 'savePool' | 'recordRequest' | 'requestsSince'>;

export function poolStore(db: Kysely<Database>): PoolMethods {
  return {
    async getPool(profile, cloud) {
      const r = await db
        .selectFrom('pools')
        .selectAll()
        .where('profile', '=', profile)
        .where('cloud', '=', cloud)
        .executeTakeFirst();
      if (!r) return null;
      return {
        profile: r.profile,
        cloud: r.cloud,
        policyState: JSON.parse(r.policy_state) as unknown,
        target: r.target,
        m: r.m,
        n: r.n,
        reason: r.reason,
        vcpus: r.vcpus,
        ramMb: r.ram_mb,
        updatedAt: r.updated_at,
      };
    },

    async savePool(pool) {
      // undefined state (a policy without any) would stringify to nothing: store null.
      const values = {
        policy_state: JSON.stringify(pool.policyState ?? null),
        target: pool.target,
        m: pool.m,
        n: pool.n,
        reason: pool.reason,
        vcpus: pool.vcpus,
        ram_mb: pool.ramMb,
        updated_at: pool.updatedAt,
      };
      await db
        .insertInto('pools')
        .values({ profile: pool.profile, cloud: pool.cloud, ...values })
        .onConflict((oc) => oc.columns(['profile', 'cloud']).doUpdateSet(values))
        .execute();
    },

    /**
     * The prune rides along with the insert: it touches only this pool's oldest rows
     * through the (profile, cloud, at) index, so the table stays bounded without a
     * separate job.
     */
    async recordRequest(profile, cloud, at, hit) {
      await db.insertInto('pool_requests').values({ profile, cloud, at, hit: hit ? 1 : 0 }).execute();
      await db
        .deleteFrom('pool_requests')
        .where('profile', '=', profile)
        .where('cloud', '=', cloud)
        .where('at', '<', at - REQUEST_RETENTION_MS)
        .execute();
    },

    async requestsSince(profile, cloud, since) {
      const rows = await db
        .selectFrom('pool_requests')
        .select(['at', 'hit'])
        .where('profile', '=', profile)
        .where('cloud', '=', cloud)
        .where('at', '>=', since)
        .orderBy('at')
        .execute();
      return { times: rows.map((r) => r.at), hits: rows.filter((r) => r.hit !== 0).length };
    },
  };
}
