import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';
import type { Engine } from '../schema.js';

/**
 * One schema change. Migrations get the engine so that the few types that differ
 * (auto-increment keys) can be spelled per dialect; everything else is written once.
 * Forward only: a release never rolls the schema back, so there is no `down`.
 */
export interface DroverMigration {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
}

/** Milliseconds since the epoch overflow 32 bits; both engines read `bigint` back as a number here. */
export const TIME: ColumnDataType = 'bigint';
/** Exact round trip of JS numbers on both engines (PostgreSQL `real` would lose digits). */
export const DOUBLE: ColumnDataType = 'double precision';
/** 0/1; nullable when the value is tri-state. */
export const BOOL: ColumnDataType = 'integer';

/** Adds an auto-increment integer primary key named `id`. */
export function addSerialId<T extends string>(
  table: CreateTableBuilder<T, never>,
  engine: Engine,
): CreateTableBuilder<T, 'id'> {
  return engine === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
