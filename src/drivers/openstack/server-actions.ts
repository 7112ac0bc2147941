import type { Clock } from '../../core/clock.js';
import type { RebootKind, Server } from '../../core/cloud.js';
import { DriverError, isDriverError } from '../../core/errors.js';
import type { ComputeApi } from './compute.js';
import { atLeast, requireMicroversion } from './microversion.js';
import type { Servers } from './servers.js';

export interface ServerActionOptions {
  /** How long migrate() waits for the move before confirming it; default 10 min. */
  migrateTimeoutMs?: number;
  pollIntervalMs?: number;
}

/**
 * POST /servers/{id}/action, with the contract's idempotency: start of an ACTIVE server
 * and stop of a SHUTOFF one succeed (Nova answers 409; the server's state decides).
 * Bodies follow the microversion in force.
 */
export class ServerActions {
  constructor(
    private readonly compute: ComputeApi,
    private readonly servers: Servers,
    private readonly clock: Clock,
    private readonly opts: ServerActionOptions = {},
  ) {}

  start(id: string): Promise<void> {
    return this.#idempotent(id, { 'os-start': null }, 'ACTIVE');
  }

  stop(id: string): Promise<void> {
    return this.#idempotent(id, { 'os-stop': null }, 'SHUTOFF');
  }

  reboot(id: string, kind: RebootKind): Promise<void> {
    return this.compute.action(id, { reboot: { type: kind === 'hard' ? 'HARD' : 'SOFT' } });
  }

  async rebuild(id: string, imageId?: string): Promise<void> {
    let image = imageId;
    if (!image) {
      const s = await this.#must(id);
      if (!s.imageId) throw new DriverError('fatal', `compute: server ${id} boots from a volume; rebuild needs an image id`);
      image = s.imageId;
    }
    await this.compute.action(id, { rebuild: { imageRef: image } });
  }

  async liveMigrate(id: string, host?: string): Promise<void> {
    const v = await this.compute.version();
    // 2.25 chooses block migration itself and dropped disk_over_commit.
    const body = atLeast(v, '2.25')
      ? { host: host ?? null, block_migration: 'auto' }
      : { host: host ?? null, block_migration: false, disk_over_commit: false };
    await this.compute.action(id, { 'os-migrateLive': body });
  }

  /**
   * Cold migration, then its confirmation: waits (polling) for VERIFY_RESIZE and
   * confirms, or for the server to settle elsewhere if the cloud confirms by itself.
   */
  async migrate(id: string, host?: string): Promise<void> {
    const v = await this.compute.version();
    if (host) requireMicroversion(v, '2.56', 'cold migration to a named host');
    const before = await this.#must(id);
    await this.compute.action(id, { migrate: host ? { host } : null });
    const deadline = this.clock.now() + (this.opts.migrateTimeoutMs ?? 600_000);
    for (;;) {
      await this.clock.sleep(this.opts.pollIntervalMs ?? 1_000);
      const s = await this.#must(id);
      if (s.status === 'VERIFY_RESIZE') {
        await this.compute.action(id, { confirmResize: null });
        return;
      }
      if (s.status === 'ERROR') throw new DriverError('fatal', `compute: cold migration of ${id} failed: ${s.fault ?? 'no fault given'}`);
      if ((s.status === 'ACTIVE' || s.status === 'SHUTOFF') && s.taskState === null) {
        if (s.host !== before.host) return;
        throw new DriverError('fatal', `compute: cold migration of ${id} ended without moving it (no valid host?)`);
      }
      if (this.clock.now() > deadline) {
        throw new DriverError('transient', `compute: cold migration of ${id} still ${s.status}/${s.taskState} after the wait; not confirmed`);
      }
    }
  }

  async evacuate(id: string, host?: string): Promise<void> {
    const v = await this.compute.version();
    const body: Record<string, unknown> = host ? { host } : {};
    // Before 2.14 the caller had to say whether the disks are on shared storage.
    if (!atLeast(v, '2.14')) body.onSharedStorage = false;
    await this.compute.action(id, { evacuate: body });
  }

  changePassword(id: string, password: string): Promise<void> {
    return this.compute.action(id, { changePassword: { adminPass: password } });
  }

  async #must(id: string): Promise<Server> {
    const s = await this.servers.get(id);
    if (!s) throw new DriverError('not-found', `compute: no server ${id}`);
    return s;
  }

  async #idempotent(id: string, body: Record<string, unknown>, target: 'ACTIVE' | 'SHUTOFF'): Promise<void> {
    try {
      await this.compute.action(id, body);
    } catch (e) {
      if (!isDriverError(e, 'conflict')) throw e;
      const s = await this.servers.get(id);
      if (s && s.status === target && s.taskState === null) return;
      throw e;
    }
  }
}
