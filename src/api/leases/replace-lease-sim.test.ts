import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { PoolSettings } from '../../core/leasing/types.js';
import { LeaseController } from '../../controllers/lease/lease-controller.js';
import { ControllerRunner } from '../../controllers/runtime/controller-runner.js';
import { DAY, provisioningKit, type ProvisioningKit } from '../../controllers/shared/provisioning-test-kit.js';
import { buildApp } from '../app.js';
import { bearer } from '../testing/leasing-seed.js';

/**
 * End to end on the simulated cloud in virtual time: the real API (injected requests)
 * over the store the pool, instance and lease controllers work on. The state manager
 * gives up on a leased VM, and `replace` brings the lease back to a working VM.
 */

interface Harness {
  k: ProvisioningKit;
  app: FastifyInstance;
  token: string;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The lease as the API shows it. */
  show(id: string): Promise<{ state: string; expiresAt: string; instance: { id: string; state: string } | null }>;
}

async function harness(t: { after(fn: () => Promise<void>): void }, pool: Partial<PoolSettings>): Promise<Harness> {
  const k = await provisioningKit({
    profile: { floatingIp: false, pool: { policy: 'static', m: 4, n: 1, min: 0, options: {}, maxAgeMs: 10 * DAY, ...pool } },
    instance: { checkIntervalMs: 30_000 },
  });
  const leases = new ControllerRunner(new LeaseController(k.store, { resyncMs: 10_000 }), { clock: k.sim.clock, random: () => 0.5 });
  const app = await buildApp({
    store: k.store,
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    readiness: async () => ({ ready: true, checks: {} }),
    version: '0.0.0-test',
    clock: { now: () => k.sim.clock.now() },
    onLeaseWritten: (lease) => leases.enqueue(lease.id),
  });
  const token = (await k.store.createToken(k.user.id, 'test', k.sim.clock.now())).secret;
  t.after(async () => {
    await app.close();
    await leases.stop();
    await k.close();
  });
  k.start();
  leases.start();
  const post: Harness['post'] = (url, body, headers = {}) => app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers }, payload: body as object });
  return {
    k,
    app,
    token,
    post,
    async show(id) {
      return (await app.inject({ method: 'GET', url: `/v1/leases/${id}`, headers: bearer(token) })).json();
    },
  };
}

/** POST /v1/leases until the lease is active; returns its id, instance and server. */
async function activeLease(h: Harness): Promise<{ id: string; instanceId: string; serverId: string; expiresAt: string }> {
  const res = await h.post('/v1/leases', { profile: 'web', duration: '3d' }, { 'idempotency-key': 'first' });
  assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
  const id: string = res.json().leases[0].id;
  const lease = await h.k.until(async () => {
    const l = await h.show(id);
    return l.state === 'active' && l;
  }, 'the lease active');
  const inst = (await h.k.store.getInstance(lease.instance!.id))!;
  return { id, instanceId: inst.id, serverId: inst.serverId!, expiresAt: lease.expiresAt };
}

async function givenUp(h: Harness, instanceId: string, leaseId: string): Promise<void> {
  await h.k.until(async () => (await h.k.store.getInstance(instanceId))?.state === 'failed', 'the state manager to give up');
  const note = (await h.k.store.dueNotifications(Number.MAX_SAFE_INTEGER, 100)).find((n) => n.kind === 'instance.failed');
  assert.ok(note, 'the holder is told');
  assert.match(note.body, new RegExp(`\`drover replace ${leaseId}\``), 'and told the one command that helps');
  assert.equal((await h.show(leaseId)).state, 'active', 'the lease itself is still active: that is what replace is for');
}

test('a VM whose server vanished is given up; replace takes a ready VM from the pool (200) and the old one is deleted', async (t) => {
  const h = await harness(t, { n: 1 });
  await h.k.until(async () => (await h.k.rows(['ready'])).length === 1, 'a ready VM');
  const lease = await activeLease(h);
  await h.k.until(async () => (await h.k.rows(['ready'])).length === 1, 'the pool refilled');

  // Someone deletes the server behind Drover's back.
  await h.k.sim.driver.deleteServer(lease.serverId);
  await givenUp(h, lease.instanceId, lease.id);

  const res = await h.post(`/v1/leases/${lease.id}/replace`, { reason: 'server vanished' });
  assert.equal(res.statusCode, 200, res.body);
  const replaced = res.json();
  assert.equal(replaced.state, 'active');
  assert.equal(replaced.expiresAt, lease.expiresAt, 'same expiry');
  assert.notEqual(replaced.instance.id, lease.instanceId);
  const fresh = (await h.k.store.getInstance(replaced.instance.id))!;
  assert.equal(h.k.sim.cloud.getServer(fresh.serverId!)?.status, 'ACTIVE', 'a working VM in the cloud');

  await h.k.until(async () => (await h.k.store.getInstance(lease.instanceId))?.state === 'deleted', 'the failed instance deleted');
  // Some time later the lease still holds its new VM, healthy, and nothing else is held for it.
  await h.k.sim.clock.advance(30 * 60_000);
  const later = await h.show(lease.id);
  assert.deepEqual([later.state, later.instance?.id, later.instance?.state], ['active', fresh.id, 'leased']);
  assert.deepEqual((await h.k.store.listInstances({ leaseId: lease.id, states: ['leased', 'failed', 'recovering'] })).map((i) => i.id), [fresh.id]);
  assert.ok((await h.k.events(lease.id)).includes('Replaced'));
});

test('a VM in ERROR that the recovery ladder cannot fix is given up; replace with an empty pool waits (202) and a VM is booted for it', async (t) => {
  const h = await harness(t, { policy: 'none', n: 0 });
  const lease = await activeLease(h);
  const host = (await h.k.store.getInstance(lease.instanceId))!.host!;
  // Its host's compute service is dead and seen down, so Nova refuses every repair: the ladder runs out.
  h.k.sim.cloud.faults.crashService(host);
  await h.k.sim.clock.advance(60_000);
  h.k.sim.cloud.faults.forceServerError(lease.serverId, 'Simulated disk fault');
  await givenUp(h, lease.instanceId, lease.id);
  // An hour later (beyond the 30-minute wait for a VM, counted from the request), the holder replaces it.
  await h.k.sim.clock.advance(60 * 60_000);

  const res = await h.post(`/v1/leases/${lease.id}/replace`, null);
  assert.equal(res.statusCode, 202, res.body);
  assert.deepEqual([res.json().state, res.json().instance], ['provisioning', null]);
  const back = await h.k.until(async () => {
    const l = await h.show(lease.id);
    return l.state !== 'provisioning' && l;
  }, 'the lease no longer waiting');
  assert.equal(back.state, 'active', 'a new VM, not a failure for a wait counted from the old request');
  assert.equal(back.expiresAt, lease.expiresAt);
  assert.notEqual(back.instance!.id, lease.instanceId);
  const fresh = (await h.k.store.getInstance(back.instance!.id))!;
  assert.notEqual(fresh.host, host);
  assert.equal(h.k.sim.cloud.getServer(fresh.serverId!)?.status, 'ACTIVE');
  const ready = (await h.k.store.dueNotifications(Number.MAX_SAFE_INTEGER, 100)).filter((n) => n.kind === 'lease.ready').at(-1);
  assert.equal(ready?.subject, `Lease ${lease.id}: its replacement VM is ready (web)`);

  // The old server goes once its host's compute service is back (Nova queues work for a dead one).
  h.k.sim.cloud.faults.restoreService(host);
  await h.k.until(async () => (await h.k.store.getInstance(lease.instanceId))?.state === 'deleted', 'the failed instance deleted');
  assert.equal(h.k.sim.cloud.getServer(lease.serverId), null);
});
