import type { Kysely } from 'kysely';
import { InputError } from '../core/errors.js';
import { LIVE_LEASE_STATES } from '../core/leasing/types.js';
import type { LeasingStore } from './leasing-store.js';
import type { Database } from './schema.js';

type QuotaMethods = Pick<LeasingStore, 'setQuota' | 'getQuota' | 'usage'>;

const SCOPES = ['user', 'project'];

function checkScope(scope: string): void {
  if (!SCOPES.includes(scope)) throw new InputError(`quota scope must be one of ${SCOPES.join(', ')}`, 'scope');
}

export function quotaStore(db: Kysely<Database>): QuotaMethods {
  return {
    async setQuota(scope, name, limits) {
      checkScope(scope);
      const values = { instances: limits.instances, vcpus: limits.vcpus, ram_mb: limits.ramMb };
      await db
        .insertInto('quotas')
        .values({ scope, name, ...values })
        .onConflict((oc) => oc.columns(['scope', 'name']).doUpdateSet(values))
        .execute();
    },

    async getQuota(scope, name) {
      checkScope(scope);
      const r = await db
        .selectFrom('quotas')
        .select(['instances', 'vcpus', 'ram_mb'])
        .where('scope', '=', scope)
        .where('name', '=', name)
        .executeTakeFirst();
      return r ? { instances: r.instances, vcpus: r.vcpus, ramMb: r.ram_mb } : null;
    },

    async usage(scope, name) {
      checkScope(scope);
      const r = await db
        .selectFrom('leases')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('instances'),
          eb.fn.coalesce(eb.fn.sum<number | string | null>('vcpus'), eb.lit(0)).as('vcpus'),
          eb.fn.coalesce(eb.fn.sum<number | string | null>('ram_mb'), eb.lit(0)).as('ram_mb'),
        ])
        .where(scope === 'user' ? 'user_id' : 'project', '=', name)
        .where('state', 'in', LIVE_LEASE_STATES)
        .executeTakeFirstOrThrow();
      // PostgreSQL's count and sum over integers are int8, read back as numbers (postgres-dialect.ts).
      return { instances: Number(r.instances), vcpus: Number(r.vcpus), ramMb: Number(r.ram_mb) };
    },
  };
}
