import { DROVER_INSTANCE_TAG, installationOfFloatingIp, instanceOfFloatingIp, type Server } from '../../core/cloud.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { describe, type InstanceControllerStore } from './instance-context.js';
import { orphanedFloatingIp } from './orphan-floating-ips.js';
import { ownership, serverOwnership } from './tagged-servers.js';

export interface OrphanSweepDeps {
  store: Pick<InstanceControllerStore, 'getInstance' | 'listInstances' | 'appendEvent'>;
  drivers: ReadonlyMap<string, CloudDriver>;
  /** This database's installation id: only what carries it is ever deleted. */
  installationId: string;
  logger?: Logger;
}

export interface OrphanSweepOptions {
  /** How often each cloud is swept. Default 60 s. */
  intervalMs?: number;
}

/**
 * Removes servers that carry Drover's tag but that no live instance row accounts
 * for: the row is missing or deleted, or it belongs to another cloud, or it records a
 * different server (a duplicate boot after a lost reply). Key: the cloud name. Then
 * releases the floating IPs tagged for an instance that no longer accounts for them
 * (see orphanedFloatingIp).
 *
 * Safe against the instance controller: a row is always written before its server is
 * booted, so a tagged server without a row never is one being provisioned; a pending
 * row without a server id is left alone (the instance controller adopts its server).
 * Servers without the tag are never touched.
 *
 * Several Drovers may share one OpenStack project (staging and production, two
 * developers' `drover up`): each has its own database, so each sees the other's
 * servers as tagged but unrecorded. Hence only servers and addresses carrying this
 * installation's id are deleted. Another installation's are skipped silently; unmarked
 * ones (booted before installation ids existed: ours or anyone's) are never deleted
 * automatically but reported once per process, as a warning event and log line, for
 * an operator to decide.
 */
export class OrphanSweepController implements Reconciler {
  readonly name = 'orphan-sweep';
  readonly resyncMs: number;
  private readonly intervalMs: number;
  private readonly log: Logger;
  /** `cloud/kind/id` of unmarked orphans already reported, so each is reported once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly deps: OrphanSweepDeps,
    opts: OrphanSweepOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.resyncMs = Math.max(this.intervalMs * 5, 60_000);
    this.log = deps.logger ?? silentLogger;
  }

  async keys(): Promise<string[]> {
    return [...this.deps.drivers.keys()];
  }

  async reconcile(cloud: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const driver = this.deps.drivers.get(cloud);
    if (!driver) return {};
    await this.sweepServers(driver, cloud, now);
    await this.sweepFloatingIps(driver, cloud, now);
    return { requeueAfterMs: this.intervalMs };
  }

  private async sweepServers(driver: CloudDriver, cloud: string, now: number): Promise<void> {
    const { servers } = await driver.listServers();
    for (const server of servers) {
      const owner = serverOwnership(server, this.deps.installationId);
      if (owner === 'another') continue;
      const why = await this.orphaned(cloud, server);
      if (!why) continue;
      const id = server.metadata[DROVER_INSTANCE_TAG]!;
      if (owner === 'unmarked') {
        await this.reportUnmarked(cloud, 'server', server.id, id, now, `server ${server.id} (${server.name})`, why);
        continue;
      }
      try {
        await driver.deleteServer(server.id);
      } catch (error) {
        this.log.warn({ controller: this.name, cloud, server: server.id, err: describe(error) }, 'deleting an orphan failed');
        continue;
      }
      await this.deps.store.appendEvent({
        at: now,
        level: 'warning',
        kind: 'instance',
        subject: id,
        reason: 'OrphanDeleted',
        message: `deleted server ${server.id} (${server.name}) in ${cloud}: ${why}`,
      });
    }
  }

  private async sweepFloatingIps(driver: CloudDriver, cloud: string, now: number): Promise<void> {
    for (const fip of await driver.listFloatingIps()) {
      const owner = ownership(installationOfFloatingIp(fip), this.deps.installationId);
      if (owner === 'another') continue;
      const why = await orphanedFloatingIp(this.deps.store, cloud, fip);
      if (!why) continue;
      if (owner === 'unmarked') {
        await this.reportUnmarked(cloud, 'floating-ip', fip.id, instanceOfFloatingIp(fip)!, now, `floating IP ${fip.ip} (${fip.id})`, why);
        continue;
      }
      try {
        await driver.releaseFloatingIp(fip.id);
      } catch (error) {
        this.log.warn({ controller: this.name, cloud, floatingIp: fip.id, err: describe(error) }, 'releasing an orphaned floating IP failed');
        continue;
      }
      await this.deps.store.appendEvent({
        at: now,
        level: 'warning',
        kind: 'instance',
        subject: instanceOfFloatingIp(fip)!,
        reason: 'OrphanReleased',
        message: `released floating IP ${fip.ip} (${fip.id}) in ${cloud}: ${why}`,
      });
    }
  }

  /**
   * An orphan by its tag, but without an installation id: perhaps another Drover's
   * (one from before installation ids), so it is left alone and named once.
   */
  private async reportUnmarked(cloud: string, kind: string, id: string, instance: string, now: number, what: string, why: string): Promise<void> {
    const key = `${cloud}/${kind}/${id}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const message =
      `left ${what} in ${cloud} alone: it carries ${DROVER_INSTANCE_TAG}=${instance} but no installation id ` +
      `(${why}); it may belong to another Drover sharing the project; delete it by hand if it is this one's`;
    this.log.warn({ controller: this.name, cloud, [kind]: id, instance }, message);
    await this.deps.store.appendEvent({ at: now, level: 'warning', kind: 'instance', subject: instance, reason: 'UnmarkedOrphan', message });
  }

  private async orphaned(cloud: string, server: Server): Promise<string | null> {
    const id = server.metadata[DROVER_INSTANCE_TAG];
    if (id === undefined || server.status === 'DELETED' || server.taskState === 'deleting') return null;
    const row = await this.deps.store.getInstance(id);
    if (!row) return `no instance ${id} is recorded`;
    if (row.state === 'deleted') return `instance ${id} is deleted`;
    if (row.cloud !== cloud) return `instance ${id} belongs to cloud ${row.cloud}`;
    if (row.serverId !== null && row.serverId !== server.id) return `instance ${id} has server ${row.serverId}: this one is a duplicate`;
    return null;
  }
}
