import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DROVER_INSTANCE_TAG, type Server } from '../../src/core/cloud.js';
import { parseProfile, type Profile } from '../../src/core/leasing/index.js';
import { InstanceController } from '../../src/controllers/instance/instance-controller.js';
import { PoolController } from '../../src/controllers/pool/pool-controller.js';
import type { CloudDriver } from '../../src/drivers/cloud-driver.js';
import { SimCloud } from '../../src/drivers/sim/sim-cloud.js';
import { SimDriver } from '../../src/drivers/sim/sim-driver.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { Engine } from './engine-run.js';
import { createDatabase } from './pg-database.js';

/**
 * What one pass of the two reconcilers whose cost grows with the number of instances
 * costs, at a given size: a state-manager scan (the instance controller's keys() and
 * one reconcile of every ready or leased instance, 8 at a time as `main` runs it) and
 * one reconcile of a pool holding all of them. Rows are written through the store
 * before the clock starts; every instance has a real server in a simulated cloud (one
 * big host per zone), half of them ready in the pool, half leased to a live lease, so
 * each reconcile finds what it expects and writes nothing: the figures are the cost
 * of looking, which is what every pass pays.
 */
export interface ScaleFigures {
  engine: Engine;
  instances: number;
  /** Time to write the rows (not a figure of Drover's; shown so a slow run can be explained). */
  setupSeconds: number;
  stateManager: {
    keysMs: number;
    scanMs: number;
    perInstanceUs: number;
    /** Driver calls the whole scan made (the shared bulk listing means a handful, not one per instance). */
    driverCalls: Record<string, number>;
    writes: number;
  };
  poolReconcile: {
    /** Median of `runs` reconciles. */
    ms: number;
    runs: number[];
  };
}

const PROFILE = 'scale';
const CLOUD = 'sim';
const CONCURRENCY = 8;
const POOL_RUNS = 5;

export async function scaleCost(engine: Engine, instances: number, pgUrl?: string): Promise<ScaleFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'drover-scale-'));
  let drop: (() => Promise<void>) | null = null;
  const clock = new VirtualClock();
  const cloud = new SimCloud({
    clock,
    seed: 'scale',
    availabilityZones: 3,
    hostsPerZone: 1,
    hostCapacity: { vcpus: instances, ramMb: instances * 2048, diskGb: instances * 20 },
    // A /16 holds 65,000 addresses; 100,000 servers need a larger private network.
    networks: [
      { name: 'private', external: false, cidr: '10.0.0.0/8' },
      { name: 'public', external: true, cidr: '198.51.100.0/24' },
    ],
    latencies: { schedule: { fixedMs: 0 }, boot: { fixedMs: 1 } },
  });
  let store: Store | null = null;
  try {
    let url = `sqlite:${join(dir, 'drover.db')}`;
    if (engine === 'postgres') {
      if (!pgUrl) throw new Error('postgres: no server URL');
      const db = await createDatabase(pgUrl, 'drover_scale_bench');
      url = db.url;
      drop = db.drop;
    }
    const s = await openStore(url);
    store = s;
    const setupStarted = performance.now();
    const profile = await setup(s, cloud, clock, instances);
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const calls: Record<string, number> = {};
    const driver = countingDriver(new SimDriver(cloud), calls);
    const drivers = new Map<string, CloudDriver>([[CLOUD, driver]]);
    let writes = 0;
    const counted: Store = {
      ...s,
      updateInstance: (...a) => (writes++, s.updateInstance(...a)),
      appendEvent: (...a) => (writes++, s.appendEvent(...a)),
      updateLease: (...a) => (writes++, s.updateLease(...a)),
    };

    const instancesController = new InstanceController({ store: counted, drivers, installationId: 'scale-cost' });
    const now = clock.now();
    let t = performance.now();
    const ids = await instancesController.keys();
    const keysMs = performance.now() - t;
    t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) await instancesController.reconcile(ids[next++]!, { now, failures: 0 });
      }),
    );
    const scanMs = performance.now() - t;

    const pool = new PoolController({ store: counted, drivers });
    const runs: number[] = [];
    for (let i = 0; i < POOL_RUNS; i++) {
      t = performance.now();
      await pool.reconcile(`${profile.name}/${CLOUD}`, { now, failures: 0 });
      runs.push(performance.now() - t);
    }
    const sorted = [...runs].sort((a, b) => a - b);
    return {
      engine,
      instances,
      setupSeconds,
      stateManager: { keysMs, scanMs, perInstanceUs: (scanMs * 1000) / Math.max(1, ids.length), driverCalls: calls, writes },
      poolReconcile: { ms: sorted[Math.floor(sorted.length / 2)]!, runs },
    };
  } finally {
    await store?.close();
    cloud.close();
    if (drop) await drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Servers in the cloud, then one row per server: half ready in the pool, half leased. */
async function setup(store: Store, cloud: SimCloud, clock: VirtualClock, instances: number): Promise<Profile> {
  const ready = Math.ceil(instances / 2);
  // Written without parseProfile's limits (a pool holds at most 10,000 there): the
  // largest size here is past what a profile allows, to show how the cost grows.
  const profile: Profile = {
    ...parseProfile({ name: PROFILE, clouds: [CLOUD], image: 'cirros-0.6.2', flavor: 'm1.small', networks: ['private'], passwordLength: 0, maxLease: '30d' }),
    pool: { policy: 'static', m: 2 * instances, n: ready, min: 0, options: {}, maxAgeMs: 10 * 86_400_000 },
  };
  await store.upsertCloud({ name: CLOUD, kind: 'sim', description: 'scale benchmark' });
  await store.upsertProfile(profile, clock.now());
  const user = await store.createUser({ name: 'scale', role: 'user', project: 'scale', email: null }, clock.now());
  const image = cloud.listImages().find((i) => i.name === profile.image)!;
  const flavor = cloud.listFlavors().find((f) => f.name === profile.flavor)!;
  const network = cloud.listNetworks().find((n) => n.name === 'private')!;
  const servers: Server[] = [];
  for (let i = 0; i < instances; i++) {
    const id = `i-${i.toString(16).padStart(12, '0')}`;
    servers.push(cloud.createServer({ name: `drover-scale-${i}`, flavorId: flavor.id, imageId: image.id, networks: [network.id], metadata: { [DROVER_INSTANCE_TAG]: id } }));
  }
  await clock.runUntilIdle({ maxTimers: 10 * instances + 1000 });
  const now = clock.now();
  const write = async (i: number): Promise<void> => {
    const server = cloud.getServer(servers[i]!.id)!;
    const id = server.metadata[DROVER_INSTANCE_TAG]!;
    const leased = i >= ready;
    const leaseId = leased ? `l-${id.slice(2)}` : null;
    await store.insertInstance({ id, cloud: CLOUD, profile: PROFILE, vcpus: flavor.vcpus, ramMb: flavor.ramMb, leaseId }, now);
    if (leaseId) {
      await store.createLease({
        id: leaseId,
        userId: user.id,
        project: user.project,
        profile: PROFILE,
        cloud: CLOUD,
        instanceId: id,
        state: 'active',
        purpose: 'scale benchmark',
        importance: 0,
        fromPool: true,
        vcpus: flavor.vcpus,
        ramMb: flavor.ramMb,
        createdAt: now,
        activeAt: now,
        expiresAt: now + 7 * 86_400_000,
        idempotencyKey: leaseId,
      });
    }
    await store.updateInstance(
      id,
      { state: leased ? 'leased' : 'ready', serverId: server.id, host: server.host, addresses: server.addresses, imageId: image.id, flavorId: flavor.id, readyAt: now, leaseId },
      now,
      ['pending'],
    );
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < instances) await write(next++);
    }),
  );
  return profile;
}

function countingDriver(driver: CloudDriver, calls: Record<string, number>): CloudDriver {
  return new Proxy(driver, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
