import { DROVER_INSTANCE_TAG, type Server } from '../../core/cloud.js';
import type { InstanceState, Profile } from '../../core/leasing/types.js';
import { simKit, type SimKit } from '../../drivers/sim/sim-test-kit.js';
import type { SimCloudOptions } from '../../drivers/sim/sim-options.js';
import { openStore } from '../../store/open-store.js';
import type { InstanceRecord, LeaseRecord, NewLease, Store, User } from '../../store/store.js';
import { InstanceController } from '../instance/instance-controller.js';
import type { InstanceControllerOptions } from '../instance/instance-context.js';
import { OrphanSweepController } from '../instance/orphan-sweep-controller.js';
import { PoolController, type PoolControllerOptions } from '../pool/pool-controller.js';
import { ControllerRunner } from '../runtime/controller-runner.js';

/**
 * Test support only: the pool, instance and orphan-sweep controllers on a simulated
 * cloud with its virtual clock and a store on :memory:. `start()` builds fresh
 * controllers and runners each time, so stop() + start() is a process restart: only
 * the store and the cloud carry over.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function provisioningProfile(over: Partial<Profile> = {}): Profile {
  return {
    name: 'web',
    purpose: 'web tests',
    clouds: ['sim'],
    image: 'ubuntu-22.04',
    flavor: 'm1.medium',
    networks: ['private'],
    securityGroups: ['default'],
    keyName: null,
    userData: '#cloud-config\nhostname: {{instance}}\n',
    floatingIp: true,
    passwordLength: 16,
    defaultLeaseMs: 3 * DAY,
    maxLeaseMs: 30 * DAY,
    maxRenewals: 3,
    defaultImportance: 0,
    importantThreshold: 5,
    graceMs: 3 * DAY,
    warnBeforeMs: [DAY, HOUR],
    pool: { policy: 'static', m: 6, n: 3, min: 0, options: {}, maxAgeMs: 10 * DAY },
    ...over,
  };
}

/** A store on :memory: with the cloud `sim`, `profile` and the user alice (project qa): where every controller test starts. */
export async function leasingTestStore(profile: Profile, at: number): Promise<{ store: Store; user: User }> {
  const store = await openStore(':memory:');
  await store.upsertCloud({ name: 'sim', kind: 'sim', description: 'test' });
  await store.upsertProfile(profile, at);
  const user = await store.createUser({ name: 'alice', role: 'user', project: 'qa', email: 'alice@example.org' }, at);
  return { store, user };
}

/** A lease of `user` for `profile` in cloud sim (2 vCPUs, 4 GB), as the API writes one: provisioning, a day long, unless `over` says otherwise. */
export function testLease(user: User, profile: Profile, id: string, now: number, over: Partial<NewLease> = {}): NewLease {
  return {
    id,
    userId: user.id,
    project: user.project,
    profile: profile.name,
    cloud: 'sim',
    instanceId: null,
    state: 'provisioning',
    purpose: 'tests',
    importance: 0,
    fromPool: false,
    vcpus: 2,
    ramMb: 4096,
    createdAt: now,
    expiresAt: now + DAY,
    idempotencyKey: `key-${id}`,
    ...over,
  };
}

export interface ProvisioningKit {
  sim: SimKit;
  store: Store;
  user: User;
  profile: Profile;
  /** The store's installation id, given to the controllers the kit starts. */
  installationId: string;
  /** Fresh controllers and runners (a process start). */
  start(which?: { pool?: boolean; instance?: boolean; sweep?: boolean }): void;
  /** Stops every runner (a process death, as far as the store and the cloud can tell). */
  stop(): Promise<void>;
  /** Advances virtual time until `probe` holds (an hour at most). */
  until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string): Promise<T>;
  rows(states?: InstanceState[]): Promise<InstanceRecord[]>;
  /** Live servers in the cloud that carry Drover's tag. */
  servers(): Promise<Server[]>;
  /** A lease of the user (state provisioning unless `over` says otherwise). */
  lease(over?: Partial<LeaseRecord>): Promise<LeaseRecord>;
  /** An active lease holding a ready instance of the pool, claimed as the API's request does. */
  holdReady(): Promise<{ lease: LeaseRecord; instance: InstanceRecord }>;
  events(subject: string): Promise<string[]>;
  close(): Promise<void>;
}

export const LIVE: InstanceState[] = ['pending', 'booting', 'configuring', 'ready', 'leased', 'stopped', 'recovering', 'failed', 'deleting'];

export async function provisioningKit(
  opts: { profile?: Partial<Profile>; sim?: Partial<SimCloudOptions>; instance?: InstanceControllerOptions; pool?: PoolControllerOptions } = {},
): Promise<ProvisioningKit> {
  const sim = simKit({ availabilityZones: 1, hostsPerZone: 4, ...opts.sim });
  const { clock } = sim;
  const profile = provisioningProfile(opts.profile);
  const { store, user } = await leasingTestStore(profile, clock.now());
  const drivers = new Map([['sim', sim.driver]]);
  const randomBytes = seededBytes(7);
  const installationId = await store.installationId();
  let runners: ControllerRunner[] = [];
  let leases = 0;

  const kit: ProvisioningKit = {
    sim,
    store,
    user,
    profile,
    installationId,
    start(which = { pool: true, instance: true, sweep: true }) {
      const deps = { store, drivers, randomBytes, installationId };
      if (which.pool) runners.push(new ControllerRunner(new PoolController(deps, { intervalMs: 2_000, ...opts.pool }), { clock, random: () => 0.5 }));
      if (which.instance) {
        runners.push(new ControllerRunner(new InstanceController(deps, { checkIntervalMs: 5_000, ...opts.instance }), { clock, random: () => 0.5 }));
      }
      if (which.sweep) runners.push(new ControllerRunner(new OrphanSweepController(deps, { intervalMs: 10_000 }), { clock, random: () => 0.5 }));
      for (const r of runners) r.start();
    },
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
      runners = [];
    },
    until(probe, what) {
      return clock.pollUntil(probe, { what, stepMs: 1_000, timeoutMs: HOUR });
    },
    rows(states = LIVE) {
      return store.listInstances({ states });
    },
    async servers() {
      const { servers } = await sim.driver.listServers();
      return servers.filter((s) => s.metadata[DROVER_INSTANCE_TAG] !== undefined && s.status !== 'DELETED');
    },
    async lease(over = {}) {
      const { lease } = await store.createLease(testLease(user, profile, `lease-${++leases}`, clock.now(), over));
      return lease;
    },
    async holdReady() {
      const lease = await kit.lease({ state: 'active' });
      const instance = await store.claimReadyInstance(profile.name, 'sim', lease.id, clock.now());
      if (!instance) throw new Error('no ready instance to hold');
      return { lease: (await store.updateLease(lease.id, { instanceId: instance.id }, clock.now()))!, instance };
    },
    async events(subject) {
      return (await store.listEvents({ subject, limit: 1000 })).map((e) => e.reason).reverse();
    },
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
      await store.close();
      await sim.fixture.close?.();
    },
  };
  return kit;
}

/** Deterministic bytes (xorshift32), so that ids and passwords repeat run to run. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}
