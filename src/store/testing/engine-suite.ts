/**
 * Runs a suite once per engine (testing/engines.ts), or reports a loud skip naming what
 * is missing; and opens a fresh, migrated store per test, closed and dropped after it.
 */
import { describe, test, type TestContext } from 'node:test';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { postgresEngine, sqliteEngine, type TestDatabase, type TestEngine } from './engines.js';

export function forEachEngine(title: string, suite: (engine: TestEngine) => void): void {
  for (const engine of [sqliteEngine, postgresEngine]) {
    if (engine.unavailable) {
      const reason = engine.unavailable;
      test(`${title} on ${engine.name}`, (t) => {
        console.warn(`${title} on ${engine.name}: SKIPPED: ${reason}`);
        t.skip(reason);
      });
    } else {
      describe(`${title} on ${engine.name}`, () => suite(engine));
    }
  }
}

export async function freshStore(t: TestContext, engine: TestEngine): Promise<{ store: Store; db: TestDatabase }> {
  const db = await engine.fresh();
  const store = await openStore(db.url, db.opts);
  t.after(async () => {
    await store.close();
    await db.drop();
  });
  return { store, db };
}
