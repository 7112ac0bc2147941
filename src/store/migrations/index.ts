import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../schema.js';
import { initial } from './0001-initial.js';
import { leasing } from './0002-leasing.js';
import { leaseVersion } from './0003-lease-version.js';
import { poolVmSize } from './0004-pool-vm-size.js';
import { poolReadyIndex } from './0005-pool-ready-index.js';
import { listOrderIndexes } from './0006-list-order-indexes.js';
import { leaseReplacedAt } from './0007-lease-replaced-at.js';
import { settings } from './0008-settings.js';
import type { DroverMigration } from './migration.js';

/**
 * Every migration, in order. Add a new one at the end with the next number; never
 * rename, reorder or edit one that has shipped (the Migrator refuses a history that
 * does not match). A fixed list rather than a folder glob: bundles and tsx alike see it.
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: DroverMigration]> = [
  ['0001-initial', initial],
  ['0002-leasing', leasing],
  ['0003-lease-version', leaseVersion],
  ['0004-pool-vm-size', poolVmSize],
  ['0005-pool-ready-index', poolReadyIndex],
  ['0006-list-order-indexes', listOrderIndexes],
  ['0007-lease-replaced-at', leaseReplacedAt],
  ['0008-settings', settings],
];

export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of MIGRATIONS) out[name] = { up: (db) => m.up(db, engine) };
      return out;
    },
  };
}
