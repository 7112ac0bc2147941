import { Kysely, type Dialect } from 'kysely';
import { InputError } from '../core/errors.js';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';
import { checkSchemaName, createPostgresDialect } from './postgres-dialect.js';
import type { Database, Engine } from './schema.js';
import { createSqliteDialect } from './sqlite-dialect.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema for Drover's tables, created if missing. Default `public`. */
  schema?: string;
  /** PostgreSQL only: connection pool size (at least 2). Default 10. */
  poolSize?: number;
  /** SQLite only: how long to wait for another process's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

export type StoreLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/**
 * `postgres://...` or `postgresql://...`; `sqlite:/abs/path.db`, `sqlite:///abs/path.db`,
 * `sqlite:relative.db`, `sqlite::memory:`; or a plain file path, or `:memory:`.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  let path = url;
  if (/^sqlite:/i.test(path)) {
    path = path.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new InputError(`unsupported store URL scheme (use sqlite: or postgres://): ${path.split(':')[0]}`, 'url');
  }
  if (!path) throw new InputError('store URL names no database file', 'url');
  return { engine: 'sqlite', path };
}

/**
 * Opens the store and brings its schema to the latest migration. Safe to call from
 * several processes at once on one database; a second open of a migrated database
 * changes nothing.
 */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const loc = parseStoreUrl(url);
  let dialect: Dialect;
  let engine: Engine;
  if (loc.engine === 'postgres') {
    if (opts.schema !== undefined) checkSchemaName(opts.schema);
    dialect = createPostgresDialect(loc.url, opts);
    engine = 'postgres';
  } else {
    dialect = await createSqliteDialect(loc.path, opts);
    engine = 'sqlite';
  }
  const db = new Kysely<Database>({ dialect });
  try {
    await migrateToLatest(db, engine, opts.schema);
  } catch (e) {
    await db.destroy().catch(() => {});
    throw e;
  }
  return createKyselyStore(db, engine);
}
