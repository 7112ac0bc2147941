import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRenewal } from '../../core/leasing/index.js';
import { ControllerRunner } from '../runtime/controller-runner.js';
import { HOUR, MINUTE, provisioningKit, type ProvisioningKit } from '../shared/provisioning-test-kit.js';
import { LeaseController } from './lease-controller.js';

/**
 * The lease controller with the real pool and instance controllers on the simulated
 * cloud: what the holder sees in the cloud (a server booted, SHUTOFF, gone), not only
 * in the store. Short leases and grace here; lease-expiry.test.ts runs the 3-day grace.
 */

const GRACE = 6 * HOUR;

async function setup(t: { after(fn: () => Promise<void>): void }, pool: { policy: string; n: number }) {
  const k = await provisioningKit({
    profile: { floatingIp: false, graceMs: GRACE, warnBeforeMs: [HOUR], pool: { ...pool, m: 3, min: 0, options: {}, maxAgeMs: 10 * 24 * HOUR } },
    pool: { intervalMs: 10_000 },
    instance: { checkIntervalMs: 30_000 },
  });
  const leases = new ControllerRunner(new LeaseController(k.store, { resyncMs: 10_000 }), { clock: k.sim.clock, random: () => 0.5 });
  t.after(async () => {
    await leases.stop();
    await k.close();
  });
  k.start();
  leases.start();
  return k;
}

async function serverOf(k: ProvisioningKit, leaseId: string) {
  const lease = (await k.store.getLease(leaseId))!;
  const inst = (await k.store.getInstance(lease.instanceId!))!;
  return { lease, inst, server: () => k.sim.cloud.getServer(inst.serverId!) };
}

test('a request that found the pool empty gets a VM booted for it, and is told when it is ready', async (t) => {
  const k = await setup(t, { policy: 'none', n: 0 });
  const lease = await k.lease({ expiresAt: k.sim.clock.now() + 2 * HOUR });
  await k.until(async () => (await k.store.getLease(lease.id))?.state === 'active', 'the lease active');
  const { inst, server } = await serverOf(k, lease.id);
  assert.deepEqual([inst.state, inst.leaseId], ['leased', lease.id]);
  assert.equal(server()?.status, 'ACTIVE');
  assert.equal(server()?.metadata['drover:instance'], inst.id);
  const notes = await k.store.dueNotifications(k.sim.clock.now(), 10);
  assert.deepEqual(notes.map((n) => n.kind), ['lease.ready']);
});

test("an important lease's server goes SHUTOFF at expiry, stays through the grace period, then is deleted", async (t) => {
  const k = await setup(t, { policy: 'static', n: 1 });
  await k.until(async () => (await k.rows(['ready'])).length === 1, 'a ready instance');
  const lease = await k.lease({ importance: 5, expiresAt: k.sim.clock.now() + 2 * HOUR });
  await k.until(async () => (await k.store.getLease(lease.id))?.state === 'active', 'the lease active');
  const { inst, server } = await serverOf(k, lease.id);

  await k.sim.clock.advanceTo(lease.expiresAt);
  await k.until(() => server()?.status === 'SHUTOFF', 'the server stopped');
  assert.equal((await k.store.getLease(lease.id))?.state, 'grace');

  await k.sim.clock.advanceTo(lease.expiresAt + GRACE - MINUTE);
  assert.equal(server()?.status, 'SHUTOFF', 'kept, stopped, through the grace period');
  await k.until(() => server() === null, 'the server deleted');
  assert.equal((await k.store.getLease(lease.id))?.state, 'expired');
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'deleted', 'the instance deleted');
  const kinds = (await k.store.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).map((n) => n.kind);
  assert.deepEqual(kinds, ['lease.ready', 'lease.expiring', 'lease.stopped', 'lease.reclaimed']);
});

test('renewing an important lease in its grace period starts its server again', async (t) => {
  const k = await setup(t, { policy: 'static', n: 1 });
  await k.until(async () => (await k.rows(['ready'])).length === 1, 'a ready instance');
  const lease = await k.lease({ importance: 5, expiresAt: k.sim.clock.now() + 2 * HOUR });
  await k.until(async () => (await k.store.getLease(lease.id))?.state === 'active', 'the lease active');
  const { server } = await serverOf(k, lease.id);
  await k.sim.clock.advanceTo(lease.expiresAt);
  await k.until(() => server()?.status === 'SHUTOFF', 'the server stopped');

  // The API's renewal: the lease first (its compare-and-swap decides), then the restart ask.
  const now = k.sim.clock.now();
  const plan = planRenewal((await k.store.getLease(lease.id))!, k.profile, '1d', now);
  const { expiresAt, renewals, state, graceEndsAt, warnedOffsets } = plan;
  assert.ok(await k.store.updateLease(lease.id, { expiresAt, renewals, state, graceEndsAt, warnedOffsets }, now, ['grace']));
  // The API's second write is left out: the lease controller finishes a renewal cut short.
  await k.until(() => server()?.status === 'ACTIVE', 'the server running again');
  await k.sim.clock.advanceTo(lease.expiresAt + GRACE + HOUR);
  assert.equal(server()?.status, 'ACTIVE', 'not deleted when the old grace ended');
  assert.equal((await k.store.getLease(lease.id))?.state, 'active');
});
