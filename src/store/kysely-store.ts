import type { Kysely } from 'kysely';
import { cloudStore } from './cloud-store.js';
import { eventStore } from './event-store.js';
import { hostStore } from './host-store.js';
import { appliedMigrations } from './migrate.js';
import type { Database, Engine } from './schema.js';
import type { Store } from './store.js';
import { userStore } from './user-store.js';

/**
 * The Store on a migrated Kysely database, either engine. Each concern lives in its
 * own file as a set of methods over `db`; a new concern (leases, pools, ...) adds its
 * file, its migration, and one spread here.
 */
export function createKyselyStore(db: Kysely<Database>, engine: Engine): Store {
  return {
    engine,
    ...cloudStore(db),
    ...hostStore(db),
    ...userStore(db),
    ...eventStore(db),
    migrations: () => appliedMigrations(db),
    close: () => db.destroy(),
  };
}
