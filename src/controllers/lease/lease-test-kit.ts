import { planRenewal, type Profile } from '../../core/leasing/index.js';
import { simKit, type SimKit } from '../../drivers/sim/sim-test-kit.js';
import type { InstanceRecord, LeaseRecord, Store, User } from '../../store/store.js';
import { ControllerRunner } from '../runtime/controller-runner.js';
import { LeaseController, type LeaseControllerOptions } from './lease-controller.js';
import { RESTART_STEP } from '../shared/instance-steps.js';
import { DAY, HOUR, MINUTE, leasingTestStore, provisioningProfile, testLease } from '../shared/provisioning-test-kit.js';

/**
 * Test support only: a store on :memory: with one profile and one user, the lease
 * controller on the simulated cloud's virtual clock, and the API's writes (request,
 * renew, release) done the way LEASING.md describes them, so that lease-only tests
 * need neither the API nor the pool and instance controllers.
 */

export { DAY, HOUR, MINUTE };

/** The provisioning kit's profile as a lease-only test wants it: no floating IP, user-data or networks to resolve. */
export function testProfile(over: Partial<Profile> = {}): Profile {
  return provisioningProfile({
    name: 'redis-test',
    purpose: 'Redis cluster tests',
    image: 'cirros',
    flavor: 'm1.small',
    networks: [],
    securityGroups: [],
    userData: null,
    floatingIp: false,
    pool: { policy: 'static', m: 10, n: 5, min: 0, options: {}, maxAgeMs: 10 * DAY },
    ...over,
  });
}

export interface LeaseKit {
  sim: SimKit;
  store: Store;
  user: User;
  profile: Profile;
  runner: ControllerRunner;
  /** Keys of every reconcile so far, in order. */
  reconciles: string[];
  /** A ready instance of the profile's pool, as the instance controller leaves one. */
  readyInstance(): Promise<InstanceRecord>;
  /** POST /v1/leases: from the pool when an instance is ready, else provisioning. */
  request(opts?: { durationMs?: number; importance?: number }): Promise<LeaseRecord>;
  /** POST /v1/leases/{id}/renew (core's planRenewal): active again; a stopped VM is started again. */
  renew(id: string, duration: string): Promise<LeaseRecord>;
  /** DELETE /v1/leases/{id}. */
  release(id: string): Promise<LeaseRecord>;
  lease(id: string): Promise<LeaseRecord>;
  instance(id: string): Promise<InstanceRecord>;
  /** Notification kinds queued for the user, oldest first, and their rows. */
  notifications(): Promise<{ kind: string; subject: string; body: string; data: Record<string, unknown> }[]>;
  /** Event reasons recorded for a lease, oldest first. */
  reasons(leaseId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The controller resyncs every 10 min unless `controller.resyncMs` says otherwise. */
export async function leaseKit(opts: { profile?: Partial<Profile>; controller?: LeaseControllerOptions } = {}): Promise<LeaseKit> {
  const sim = simKit();
  const { clock } = sim;
  const profile = testProfile(opts.profile);
  const { store, user } = await leasingTestStore(profile, clock.now());
  const reconciles: string[] = [];
  const controller = new LeaseController(store, { resyncMs: 10 * MINUTE, ...opts.controller });
  const runner = new ControllerRunner(controller, { clock, observe: (o) => void reconciles.push(o.key) });
  let seq = 0;

  const kit: LeaseKit = {
    sim,
    store,
    user,
    profile,
    runner,
    reconciles,
    async readyInstance() {
      const id = `i-${++seq}`;
      await store.insertInstance({ id, cloud: 'sim', profile: profile.name, vcpus: 2, ramMb: 4096 }, clock.now());
      const ready = await store.updateInstance(
        id,
        { state: 'ready', serverId: `srv-${id}`, addresses: [{ network: 'private', ip: `10.0.0.${seq}`, type: 'fixed' }], password: 'pw-not-in-mail', readyAt: clock.now() },
        clock.now(),
        ['pending'],
      );
      return ready!;
    },
    async request({ durationMs = 7 * DAY, importance = 0 } = {}) {
      const id = `L-${++seq}`;
      const now = clock.now();
      const claimed = await store.claimReadyInstance(profile.name, 'sim', id, now);
      const { lease } = await store.createLease(
        testLease(user, profile, id, now, {
          instanceId: claimed?.id ?? null,
          state: claimed ? 'active' : 'provisioning',
          activeAt: claimed ? now : null,
          importance,
          fromPool: claimed !== null,
          expiresAt: now + durationMs,
        }),
      );
      return lease;
    },
    async renew(id, duration) {
      const now = clock.now();
      const lease = await kit.lease(id);
      const plan = planRenewal(lease, profile, duration, now);
      const { expiresAt, renewals, state, graceEndsAt, warnedOffsets } = plan;
      const renewed = await store.updateLease(id, { expiresAt, renewals, state, graceEndsAt, warnedOffsets }, now, [lease.state], lease.version);
      if (!renewed) throw new Error(`lease ${id} moved on while being renewed`);
      if (plan.restart && renewed.instanceId) {
        await store.updateInstance(renewed.instanceId, { state: 'leased', step: RESTART_STEP }, now, ['stopped']);
      }
      return renewed;
    },
    async release(id) {
      const released = await store.updateLease(id, { state: 'released', endedAt: clock.now() }, clock.now(), ['provisioning', 'active', 'grace']);
      if (!released) throw new Error(`lease ${id} cannot be released`);
      return released;
    },
    async lease(id) {
      const l = await store.getLease(id);
      if (!l) throw new Error(`no lease ${id}`);
      return l;
    },
    async instance(id) {
      const i = await store.getInstance(id);
      if (!i) throw new Error(`no instance ${id}`);
      return i;
    },
    async notifications() {
      const all = await store.dueNotifications(Number.MAX_SAFE_INTEGER, 1000);
      return all.filter((n) => n.userId === user.id).map(({ kind, subject, body, data }) => ({ kind, subject, body, data }));
    },
    async reasons(leaseId) {
      const events = await store.listEvents({ subject: leaseId, kind: 'lease', limit: 1000 });
      return events.reverse().map((e) => e.reason);
    },
    async close() {
      await runner.stop();
      await store.close();
      await sim.fixture.close?.();
    },
  };
  return kit;
}
