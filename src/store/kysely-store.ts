import type { Kysely } from 'kysely';
import { cloudStore } from './cloud-store.js';
import { eventStore } from './event-store.js';
import { hostStore } from './host-store.js';
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
  return {
    engine,
    ...cloudStore(db),
    ...hostStore(db),
    ...userStore(db),
    ...eventStore(db),
    ...profileStore(db),
    ...instanceStore(db, engine),
    ...poolInstanceStore(db),
    ...leaseStore(db),
    ...poolStore(db),
    ...quotaStore(db),
    ...notificationStore(db, engine),
    migrations: () => appliedMigrations(db),
    close: () => db.destroy(),
  };
}
