/**
 * The database engines the store suite runs on, each able to make a fresh, empty
 * database per test and to read raw rows (to check what is really stored).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { OpenStoreOptions } from '../open-store.js';

export interface TestDatabase {
  url: string;
  opts: OpenStoreOptions;
  /** All rows of a table, straight from the engine. */
  rawRows(table: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export interface TestEngine {
  name: 'sqlite' | 'postgres';
  /** Set when the engine cannot run here: the reason, naming what is missing. */
  unavailable?: string;
  fresh(): Promise<TestDatabase>;
}

const IDENT = /^[a-z_]+$/;

export const sqliteEngine: TestEngine = {
  name: 'sqlite',
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'drover-store-'));
    const file = join(dir, 'drover.db');
    return {
      url: `sqlite:${file}`,
      opts: {},
      async rawRows(table) {
        if (!IDENT.test(table)) throw new Error(`bad table ${table}`);
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

const pgUrl = process.env.DROVER_TEST_PG_URL;

/** One fresh schema per test in the database DROVER_TEST_PG_URL names. */
export const postgresEngine: TestEngine = {
  name: 'postgres',
  unavailable: pgUrl ? undefined : 'PostgreSQL not available: set DROVER_TEST_PG_URL (npm test starts one)',
  async fresh() {
    if (!pgUrl) throw new Error('DROVER_TEST_PG_URL is not set');
    const schema = `drover_t_${randomBytes(6).toString('hex')}`;
    const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    };
    return {
      url: pgUrl,
      opts: { schema },
      async rawRows(table) {
        if (!IDENT.test(table)) throw new Error(`bad table ${table}`);
        return admin(async (c) => (await c.query(`select * from ${schema}.${table}`)).rows);
      },
      drop: () => admin(async (c) => void (await c.query(`drop schema if exists ${schema} cascade`))),
    };
  },
};
