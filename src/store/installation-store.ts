import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';

const KEY = 'installation_id';

/**
 * The installation id: made once per database, on first ask. Insert-if-absent and
 * then read, so that processes asking at once (replicas starting together) all read
 * the one that won, whichever it was.
 */
export function installationStore(db: Kysely<Database>): Pick<Store, 'installationId'> {
  return {
    async installationId() {
      await db
        .insertInto('settings')
        .values({ key: KEY, value: randomUUID() })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
