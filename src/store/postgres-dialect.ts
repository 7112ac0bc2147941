import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { InputError } from '../core/errors.js';

export interface PostgresOptions {
  /** Schema holding Drover's tables (created at open); default `public`. */
  schema?: string;
  /** Pool size; at least 2 (opening holds one connection for the migration lock). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new InputError(`schema name must match ${SCHEMA_NAME}: ${JSON.stringify(schema)}`, 'schema');
  }
  return schema;
}

// Times are bigint columns; pg returns int8 as a string unless told otherwise. Values
// here are ms timestamps and serial ids, far below 2^53. Per pool, not global.
const INT8_OID = 20;
const parseInt8 = (v: string): number => Number(v);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export function createPostgresDialect(url: string, opts: PostgresOptions = {}): PostgresDialect {
  const schema = checkSchemaName(opts.schema ?? 'public');
  const pool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, opts.poolSize ?? 10),
    types,
    options: schema === 'public' ? undefined : `-c search_path=${schema}`,
  });
  // An idle client's error (server restart, network cut) would otherwise crash the
  // process; the next query on a fresh client reports the outage to its caller.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}
