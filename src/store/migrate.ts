import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { Engine } from './schema.js';

/** Arbitrary, fixed: every Drover process on one PostgreSQL database contends for it. */
const PG_MIGRATE_LOCK = 0x44_52_4f_56_00_01; // "DROV" 0001

/**
 * Brings the schema to the latest migration. Idempotent, and safe when several
 * processes open the same database at once:
 * - PostgreSQL: a session advisory lock serialises the whole step, including the
 *   creation of the schema and of Kysely's bookkeeping tables (which Kysely itself
 *   does before taking its own lock).
 * - SQLite: the dialect runs the migrations in one BEGIN IMMEDIATE transaction (see
 *   sqlite-dialect.ts); the file lock serialises processes.
 * Returns the names of the migrations this call applied.
 */
export async function migrateToLatest(db: Kysely<any>, engine: Engine, schema?: string): Promise<string[]> {
  if (engine === 'sqlite') return runMigrator(db, engine, undefined);
  const pgSchema = schema ?? 'public';
  return db.connection().execute(async (lockConn) => {
    await sql`select pg_advisory_lock(${sql.lit(PG_MIGRATE_LOCK)})`.execute(lockConn);
    try {
      await sql`create schema if not exists ${sql.id(pgSchema)}`.execute(lockConn);
      // The migrator uses other pool connections; this one only holds the lock.
      return await runMigrator(db, engine, pgSchema);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(PG_MIGRATE_LOCK)})`.execute(lockConn);
    }
  });
}

async function runMigrator(db: Kysely<any>, engine: Engine, schema: string | undefined): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(engine),
    // Kysely looks its tables up across all schemas unless told which one is ours.
    migrationTableSchema: schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration${failed ? ` ${failed}` : ''} failed: ${why}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the applied migrations, in order. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}
