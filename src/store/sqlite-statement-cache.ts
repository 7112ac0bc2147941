import type { Database, Statement } from 'better-sqlite3';

/**
 * Reuses prepared statements by SQL text. Kysely's SQLite driver calls `prepare(sql)`
 * for every query, and SQLite compiles the statement each time: measured at about a
 * quarter of all CPU time in the pool benchmark's replay. A statement holds no state
 * between `.all()` / `.run()` calls (parameters are bound per call) and better-sqlite3
 * runs one statement at a time, so sharing one changes no result. Not safe for a
 * statement being iterated (`iterate()`): Drover's store never streams.
 */
export function cachePreparedStatements(db: Database, maxStatements = 2_000): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= maxStatements) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  }) as Database['prepare'];
}
