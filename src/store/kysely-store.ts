import { sql, type Kysely } from 'kysely';
import { cloudStore } from './cloud-store.js';
import { eventStore } from './event-store.js';
import { hostStore } from './host-store.js';
import { installationStore } from './installation-store.js';
import { instanceStore } from './instance-store.js';
import { leaseStore } from './lease-store.js';
import { appliedMigrations } from './migrate.js';
import { notificationStore } from './notification-store.js';
import { poolInstanceStore } from './pool-instance-store.js';
import { poolStore } from './pool-store.js';
import { profileStore } from './profile-store.js';
import { quotaStore } from './quota-store.js';
import type { Database, Engine } from './schema.js';
import type { Store } from './store.js';
import { userStore } from './user-store.js';

/**
 * The Store on a migrated Kysely database, either engine. Each concern lives in its
 * own file as a set of methods over `db`; a new concern adds its file, its migration,
 * and one spread here.
 */
export function createKyselyStore(db: Kysely<Database>, engine: Engine): Store {
  const store: Store = {
    engine,
    ...cloudStore(db),
    ...hostStore(db),
    ...userStore(db),
    ...eventStore(db),
    ...installationStore(db),
    ...profileStore(db),
    ...instanceStore(db, engine),
    ...poolInstanceStore(db),
    ...leaseStore(db),
    ...poolStore(db),
    ...quotaStore(db),
    ...notificationStore(db, engine),
    migrations: () => appliedMigrations(db),
    transaction: (fn) => (db.isTransaction ? fn(store) : db.transaction().execute((trx) => fn(createKyselyStore(trx, engine)))),
    async lockQuota(project) {
      if (!db.isTransaction) throw new Error('lockQuota outside a transaction locks nothing');
      // Transaction-scoped: released at commit or rollback, whatever happens in between.
      if (engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`drover:quota:${project}`}))`.execute(db);
    },
    close: () => db.destroy(),
  };
  return store;
}
