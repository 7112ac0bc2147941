import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { cachePreparedStatements } from './sqlite-statement-cache.js';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SQLite dialect with two changes that make several processes on one file safe:
 *
 * - Transactions start with BEGIN IMMEDIATE. A deferred BEGIN takes the write lock only
 *   at the first write, and if another process committed in between, SQLite fails with
 *   SQLITE_BUSY at once (busy_timeout cannot help). IMMEDIATE waits for the lock up front.
 * - The adapter declares transactional DDL (SQLite has it; Kysely says no). The Migrator
 *   then runs all pending migrations in one such transaction: a second process opening
 *   the same file waits, then finds them applied, and a failed migration leaves nothing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class DroverSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: SqliteDialectConfig) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export interface SqliteOptions {
  /** How long a statement waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the database file at `path`, or an in-memory one for ':memory:'. */
export async function createSqliteDialect(path: string, opts: SqliteOptions = {}): Promise<SqliteDialect> {
  const memory = path === ':memory:';
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    if (!memory) {
      await retryWhileBusy(() => db.pragma('journal_mode = WAL'), busyTimeoutMs);
      // Safe with WAL (a crash may lose the last commits, never corrupt); much faster than FULL.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    cachePreparedStatements(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return new DroverSqliteDialect({ database: db });
}

/**
 * Switching a new file to WAL while another process does the same can fail with
 * SQLITE_BUSY at once, without the busy handler's wait: retry it ourselves.
 */
async function retryWhileBusy<T>(fn: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const busy = typeof code === 'string' && code.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}
