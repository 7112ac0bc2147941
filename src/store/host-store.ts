import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../core/errors.js';
import { sameHostContent, toHostRecord, toHostRow } from './host-row.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

type HostMethods = Pick<Store, 'syncHosts' | 'listHosts' | 'getHost'>;

/** Rows per multi-row INSERT: well under PostgreSQL's 65535 bind parameters (25 columns each). */
const INSERT_CHUNK = 500;

export function hostStore(db: Kysely<Database>): HostMethods {
  return {
    /**
     * One transaction: read the cloud's rows, then insert the new, rewrite the changed,
     * and (full) delete the missing. Assumes one writer per cloud (the cloud's owner).
     */
    async syncHosts(cloud, hosts, full, at) {
      return db.transaction().execute(async (trx) => {
        const known = await trx.selectFrom('clouds').select('name').where('name', '=', cloud).executeTakeFirst();
        if (!known) throw new NotFoundError(`cloud ${cloud} not found`);
        const existing = new Map(
          (await trx.selectFrom('hosts').selectAll().where('cloud', '=', cloud).execute()).map((r) => [r.name, r]),
        );

        const seen = new Set<string>();
        const fresh = [];
        let updated = 0;
        let unchanged = 0;
        for (const host of hosts) {
          if (seen.has(host.name)) throw new InputError(`host ${host.name} listed twice for cloud ${cloud}`, 'hosts');
          seen.add(host.name);
          const row = toHostRow(cloud, host, at);
          const old = existing.get(host.name);
          if (!old) {
            fresh.push(row);
          } else if (sameHostContent(old, row)) {
            unchanged++;
          } else {
            const { cloud: _c, name: _n, ...set } = row;
            await trx.updateTable('hosts').set(set).where('cloud', '=', cloud).where('name', '=', host.name).execute();
            updated++;
          }
        }
        for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
          await trx.insertInto('hosts').values(fresh.slice(i, i + INSERT_CHUNK)).execute();
        }

        const gone = full ? [...existing.keys()].filter((name) => !seen.has(name)) : [];
        for (let i = 0; i < gone.length; i += INSERT_CHUNK) {
          const names = gone.slice(i, i + INSERT_CHUNK);
          await trx.deleteFrom('hosts').where('cloud', '=', cloud).where('name', 'in', names).execute();
        }
        return { created: fresh.length, updated, unchanged, removed: gone.length };
      });
    },

    async listHosts(query = {}) {
      let q = db.selectFrom('hosts').selectAll();
      if (query.cloud !== undefined) q = q.where('cloud', '=', query.cloud);
      if (query.availabilityZone !== undefined) q = q.where('availability_zone', '=', query.availabilityZone);
      const rows = await q.orderBy('cloud').orderBy('name').execute();
      return rows.map(toHostRecord);
    },

    async getHost(id) {
      const slash = id.indexOf('/');
      if (slash < 0) return null;
      const row = await db
        .selectFrom('hosts')
        .selectAll()
        .where('cloud', '=', id.slice(0, slash))
        .where('name', '=', id.slice(slash + 1))
        .executeTakeFirst();
      return row ? toHostRecord(row) : null;
    },
  };
}
