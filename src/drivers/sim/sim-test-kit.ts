import assert from 'node:assert/strict';
import type { ServerSpec } from '../../core/cloud.js';
import { isDriverError, type DriverErrorKind } from '../../core/errors.js';
import { VirtualClock } from '../../sim/virtual-clock.js';
import type { ContractFixture } from '../contract/contract-fixture.js';
import { SimCloud } from './sim-cloud.js';
import { SimDriver } from './sim-driver.js';
import type { SimCloudOptions } from './sim-options.js';

/**
 * Test support only (imported by *.test.ts, never by product code, which is why it
 * may reach into src/sim for the VirtualClock): a simulated cloud on virtual time,
 * its driver, and a contract fixture for it.
 */
export interface SimKit {
  clock: VirtualClock;
  cloud: SimCloud;
  driver: SimDriver;
  fixture: ContractFixture;
}

export function simKit(options: Partial<SimCloudOptions> = {}): SimKit {
  const clock = new VirtualClock();
  const cloud = new SimCloud({ seed: 42, ...options, clock });
  const driver = new SimDriver(cloud);
  const images = cloud.listImages();
  const networks = cloud.listNetworks();
  const fixture: ContractFixture = {
    driver,
    boot: {
      flavorId: cloud.listFlavors()[0]!.id,
      imageId: images[0]!.id,
      networks: networks.filter((n) => !n.external).map((n) => n.id),
    },
    altImageId: images[1]?.id,
    floatingNetwork: networks.find((n) => n.external)?.name,
    waitFor: (probe, what) => clock.pollUntil(probe, { what, stepMs: 1000, timeoutMs: 3_600_000 }),
    capabilities: {
      admin: true,
      liveMigration: true,
      coldMigration: true,
      floatingIps: true,
      evacuation: {
        crashHost: async (host) => cloud.faults.crashService(host),
        restoreHost: async (host) => cloud.faults.restoreService(host),
      },
    },
    namePrefix: 'sim-contract',
    close: async () => {
      await driver.close();
      cloud.close();
    },
  };
  return { clock, cloud, driver, fixture };
}

/** Advances virtual time until `probe` holds; fails naming `what` after an hour of it. */
export function until<T>(kit: SimKit, probe: () => T | null | undefined | false, what: string): Promise<T> {
  return kit.clock.pollUntil(async () => probe(), { what, stepMs: 500, timeoutMs: 3_600_000 });
}

/** A boot request for the kit's cloud, tagged `drover:instance=name`. */
export function spec(kit: SimKit, name = 'vm', extra: Partial<ServerSpec> = {}): ServerSpec {
  return { ...kit.fixture.boot, name, metadata: { 'drover:instance': name }, ...extra };
}

/** [status, taskState] of a server that exists. */
export function statusOf(kit: SimKit, id: string): [string, string | null] {
  const s = kit.cloud.getServer(id);
  if (s === null) throw new Error(`server ${id} is gone`);
  return [s.status, s.taskState];
}

export async function assertRejectsKind(work: Promise<unknown>, kind: DriverErrorKind): Promise<void> {
  await assert.rejects(work, (e: unknown) => isDriverError(e) && e.kind === kind);
}
