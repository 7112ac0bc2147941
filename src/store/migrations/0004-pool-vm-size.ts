import type { Kysely } from 'kysely';
import type { DroverMigration } from './migration.js';

/**
 * The size (vCPUs, RAM) of the VMs a pool builds, from its profile's flavor as the
 * pool controller resolved it, so that quotas count a request at its real size before
 * the pool's first instance exists. Null until the flavor has been resolved once.
 */
export const poolVmSize: DroverMigration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('pools').addColumn('vcpus', 'integer').execute();
    await db.schema.alterTable('pools').addColumn('ram_mb', 'integer').execute();
  },
};
