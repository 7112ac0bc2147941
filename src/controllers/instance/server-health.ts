import type { Server, ServerStatus } from '../../core/cloud.js';

/** Statuses of a server someone is working on (a migration, an evacuation, our own action): not broken. */
const BUSY: ReadonlySet<ServerStatus> = new Set(['BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'MIGRATING', 'RESIZE', 'VERIFY_RESIZE']);

/** A task is running on the server: wait for it rather than judge or act. */
export function isBusy(server: Server): boolean {
  return server.taskState !== null || BUSY.has(server.status);
}
