import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LeaseRecord } from '../../store/store.js';
import { DAY, MINUTE, leaseKit, type LeaseKit } from './lease-test-kit.js';

type T = { after(fn: () => Promise<void>): void };

async function setup(t: T, maxProvisioningWaitMs = 30 * MINUTE) {
  // New leases are found by the resync (the API only writes the store).
  const kit = await leaseKit({ controller: { maxProvisioningWaitMs, orphanClaimGraceMs: 5 * MINUTE, resyncMs: MINUTE } });
  t.after(() => kit.close());
  kit.runner.start();
  return kit;
}

test('a lease that found the pool empty becomes active as soon as a ready instance appears', async (t) => {
  const kit = await setup(t);
  const lease = await kit.request({ durationMs: 2 * DAY });
  assert.equal(lease.state, 'provisioning');
  await kit.sim.clock.advance(5 * MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'provisioning');

  const instance = await kit.readyInstance();
  const readyAt = kit.sim.clock.now();
  await kit.sim.clock.advance(3_000);
  const active = await kit.lease(lease.id);
  assert.equal(active.state, 'active');
  assert.equal(active.instanceId, instance.id);
  assert.ok(active.activeAt! - readyAt <= 2_000, 'found within one poll');
  const taken = await kit.instance(instance.id);
  assert.deepEqual([taken.state, taken.leaseId], ['leased', lease.id]);

  const [ready] = await kit.notifications();
  assert.equal(ready?.kind, 'lease.ready');
  assert.match(ready!.body, new RegExp(`Your lease ${lease.id} \\(profile redis-test\\) is active: instance ${instance.id} at 10\\.0\\.0\\.\\d+`));
  assert.ok(!ready!.body.includes('pw-not-in-mail'), 'the password is never mailed');
  assert.deepEqual(await kit.reasons(lease.id), ['Fulfilled']);
});

test('a fulfilled lease takes the size of the VM it got, for quotas', async (t) => {
  const kit = await setup(t);
  const lease = await kit.request();
  // Requested before its pool knew its VMs' size.
  await kit.store.updateLease(lease.id, { vcpus: 0, ramMb: 0 }, kit.sim.clock.now());
  const instance = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  const active = await kit.lease(lease.id);
  assert.equal(active.instanceId, instance.id);
  assert.deepEqual([active.vcpus, active.ramMb], [instance.vcpus, instance.ramMb]);
  assert.deepEqual(await kit.store.usage('user', kit.user.id), { instances: 1, vcpus: instance.vcpus, ramMb: instance.ramMb });
});

test('two waiting leases never get the same instance', async (t) => {
  const kit = await setup(t);
  const a = await kit.request();
  const b = await kit.request();
  await kit.sim.clock.advance(MINUTE);
  const first = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  const states = [(await kit.lease(a.id)).state, (await kit.lease(b.id)).state].sort();
  assert.deepEqual(states, ['active', 'provisioning']);
  const second = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  const held = [(await kit.lease(a.id)).instanceId, (await kit.lease(b.id)).instanceId].sort();
  assert.deepEqual(held, [first.id, second.id].sort());
});

test('an instance booted for a waiting lease is adopted when ready, or joins the pool when another came first', async (t) => {
  const kit = await setup(t);
  const lease = await kit.request();
  const booting = await kit.store.insertInstance({ id: 'i-booted', cloud: 'sim', profile: 'redis-test', vcpus: 2, ramMb: 4096, leaseId: lease.id }, kit.sim.clock.now());
  await kit.sim.clock.advance(MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'provisioning', 'a booting instance is not handed out');

  const other = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  assert.equal((await kit.lease(lease.id)).instanceId, other.id, 'the first ready instance wins');
  const pooled = await kit.instance(booting.id);
  assert.deepEqual([pooled.state, pooled.leaseId], ['pending', null], 'the booted one goes on to the pool');

  const second = await kit.request();
  await kit.store.updateInstance(booting.id, { state: 'leased', leaseId: second.id }, kit.sim.clock.now(), ['pending']);
  await kit.sim.clock.advance(MINUTE);
  assert.deepEqual([(await kit.lease(second.id)).state, (await kit.lease(second.id)).instanceId], ['active', booting.id]);
});

test('a lease that gets no VM within the maximum wait fails, and its holder is told', async (t) => {
  const kit = await setup(t, 10 * MINUTE);
  const lease = await kit.request();
  await kit.sim.clock.advance(9 * MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'provisioning');
  await kit.sim.clock.advance(2 * MINUTE);
  const failed = await kit.lease(lease.id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.endedAt, lease.createdAt + 10 * MINUTE);
  const [n] = await kit.notifications();
  assert.equal(n?.kind, 'lease.failed');
  assert.match(n!.body, /could not be provided: no VM became ready within 10m/);
  // A VM that turns up later is not given to the failed lease.
  const late = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  assert.equal((await kit.instance(late.id)).state, 'ready');
});

/** The API's replacement when the pool is empty (api/leases/replace-lease.ts): the lease waits again, its old VM is deleted. */
async function replaceWithEmptyPool(kit: LeaseKit, lease: LeaseRecord): Promise<number> {
  const at = kit.sim.clock.now();
  assert.ok(await kit.store.updateLease(lease.id, { state: 'provisioning', instanceId: null, activeAt: null, replacedAt: at }, at, ['active']));
  assert.ok(await kit.store.updateInstance(lease.instanceId!, { state: 'deleting' }, at, ['leased']));
  return at;
}

test('a lease whose VM was replaced waits the full maximum from the replacement, not from its old request', async (t) => {
  const kit = await setup(t, 10 * MINUTE);
  await kit.readyInstance();
  const lease = await kit.request({ durationMs: 7 * DAY });
  assert.equal(lease.state, 'active');
  await kit.sim.clock.advance(DAY);
  const replacedAt = await replaceWithEmptyPool(kit, lease);
  await kit.sim.clock.advance(9 * MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'provisioning', 'a day-old request is not failed at once');

  const instance = await kit.readyInstance();
  await kit.sim.clock.advance(MINUTE);
  const active = await kit.lease(lease.id);
  assert.deepEqual([active.state, active.instanceId, active.expiresAt], ['active', instance.id, lease.expiresAt]);
  const [ready] = await kit.notifications();
  assert.equal(ready?.subject, `Lease ${lease.id}: its replacement VM is ready (redis-test)`);
  assert.match(ready!.body, new RegExp(`is active again on a new VM: instance ${instance.id} at 10\\.0\\.0\\.\\d+`));
  const fulfilled = (await kit.store.listEvents({ subject: lease.id })).find((e) => e.reason === 'Fulfilled');
  assert.match(fulfilled!.message, /^replacement instance \S+ ready after 9m of waiting$/);
});

test('a replaced lease that gets no VM within the maximum wait after its replacement fails', async (t) => {
  const kit = await setup(t, 10 * MINUTE);
  await kit.readyInstance();
  const lease = await kit.request({ durationMs: 7 * DAY });
  await kit.sim.clock.advance(DAY);
  const replacedAt = await replaceWithEmptyPool(kit, lease);
  await kit.sim.clock.advance(9 * MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'provisioning');
  await kit.sim.clock.advance(2 * MINUTE);
  const failed = await kit.lease(lease.id);
  assert.deepEqual([failed.state, failed.endedAt], ['failed', replacedAt + 10 * MINUTE]);
});

test('an instance finished for a lease released while it waited goes back to the pool', async (t) => {
  const kit = await setup(t);
  const lease = await kit.request();
  const booting = await kit.store.insertInstance({ id: 'i-late', cloud: 'sim', profile: 'redis-test', vcpus: 2, ramMb: 4096, leaseId: lease.id }, kit.sim.clock.now());
  await kit.release(lease.id);
  // The instance controller finishes it for its lease, not knowing it was released.
  await kit.store.updateInstance(booting.id, { state: 'leased' }, kit.sim.clock.now(), ['pending']);
  await kit.sim.clock.advance(11 * MINUTE);
  const back = await kit.instance(booting.id);
  assert.deepEqual([back.state, back.leaseId], ['ready', null], 'the holder never had it: it is clean');
});

test('an instance claimed by a request that died before writing its lease returns to the pool after a grace', async (t) => {
  const kit = await setup(t);
  const instance = await kit.readyInstance();
  const claimed = await kit.store.claimReadyInstance('redis-test', 'sim', 'L-never-written', kit.sim.clock.now());
  assert.equal(claimed?.id, instance.id);
  await kit.sim.clock.advance(MINUTE);
  assert.equal((await kit.instance(instance.id)).state, 'leased', 'a request between claim and write is not robbed');
  await kit.sim.clock.advance(15 * MINUTE);
  const back = await kit.instance(instance.id);
  assert.deepEqual([back.state, back.leaseId], ['ready', null]);
  assert.deepEqual(await kit.reasons('L-never-written'), ['OrphanClaim']);
});

test("a waiting lease takes a VM that comes ready in another of its profile's clouds, and moves there", async (t) => {
  const kit = await leaseKit({ profile: { clouds: ['sim', 'lab'] }, controller: { resyncMs: MINUTE } });
  t.after(() => kit.close());
  kit.runner.start();
  const lease = await kit.request();
  assert.deepEqual([lease.state, lease.cloud], ['provisioning', 'sim']);
  await kit.sim.clock.advance(MINUTE);

  const now = kit.sim.clock.now();
  await kit.store.insertInstance({ id: 'i-lab', cloud: 'lab', profile: kit.profile.name, vcpus: 4, ramMb: 8192 }, now);
  await kit.store.updateInstance('i-lab', { state: 'ready', serverId: 'srv-lab', readyAt: now }, now, ['pending']);
  await kit.sim.clock.advance(MINUTE);

  const active = await kit.lease(lease.id);
  assert.deepEqual([active.state, active.instanceId, active.cloud, active.vcpus], ['active', 'i-lab', 'lab', 4]);
  assert.deepEqual([(await kit.instance('i-lab')).state, (await kit.instance('i-lab')).leaseId], ['leased', lease.id]);
});
