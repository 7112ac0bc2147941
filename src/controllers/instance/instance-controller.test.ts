import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROVER_INSTALLATION_TAG, DROVER_INSTANCE_TAG, floatingIpTag } from '../../core/cloud.js';
import { RESTART_STEP } from '../shared/instance-steps.js';
import { DAY, provisioningKit, type ProvisioningKit } from '../shared/provisioning-test-kit.js';

const ONE_READY = { policy: 'static', m: 3, n: 1, min: 0, options: {}, maxAgeMs: 10 * DAY };

async function oneReady(k: ProvisioningKit) {
  await k.until(async () => (await k.rows(['ready'])).length === 1, 'a ready instance');
  return (await k.rows(['ready']))[0]!;
}

test('the state manager recovers a server put into ERROR, with an event for each step', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  k.start();
  const inst = await oneReady(k);
  k.sim.cloud.faults.forceServerError(inst.serverId!, 'Simulated disk fault');
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'recovering', 'recovery to start');
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'ready', 'the instance ready again');
  const after = (await k.store.getInstance(inst.id))!;
  assert.equal(after.serverId, inst.serverId, 'the same server, repaired in place');
  assert.equal(after.attempts, 0);
  assert.equal(k.sim.cloud.getServer(inst.serverId!)?.status, 'ACTIVE');
  const reasons = await k.events(inst.id);
  assert.ok(reasons.includes('Recovery'), `events: ${reasons}`);
  assert.ok(reasons.indexOf('Recovered') > reasons.indexOf('Recovery'), `events: ${reasons}`);
  const recovery = (await k.store.listEvents({ subject: inst.id, limit: 100 })).find((e) => e.reason === 'Recovery')!;
  assert.match(recovery.message, /reboot|rebuild/);
  assert.match(recovery.message, /Simulated disk fault/);
  assert.equal((await k.servers()).length, 1, 'no replacement was booted');
  await k.close();
});

test('a server that cannot be repaired in place is tried a bounded number of times, then replaced', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  k.start();
  const inst = await oneReady(k);
  // Its host's compute service is dead and seen down: Nova refuses every action on the server.
  k.sim.cloud.faults.crashService(inst.host!);
  await k.sim.clock.advance(60_000);
  k.sim.cloud.faults.forceServerError(inst.serverId!);
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'deleted', 'the broken instance deleted');
  // ERROR skips the rungs Nova refuses from it (start, soft reboot): a hard reboot, then a rebuild, then the end.
  const events = (await k.store.listEvents({ subject: inst.id, limit: 100 })).reverse();
  const steps = events.filter((e) => e.reason === 'Recovery').map((e) => e.message);
  assert.equal(steps.length, 2, `recovery steps: ${steps}`);
  assert.match(steps[0]!, /reboot-hard/);
  assert.match(steps[1]!, /rebuild/);
  assert.equal(events.filter((e) => e.reason === 'RecoveryCallFailed').length, 2);
  assert.ok(events.some((e) => e.reason === 'Replaced'), `events: ${events.map((e) => e.reason)}`);
  assert.equal(k.sim.cloud.getServer(inst.serverId!), null, 'the broken server is deleted');
  const fresh = await oneReady(k);
  assert.notEqual(fresh.id, inst.id);
  assert.notEqual(fresh.host, inst.host);
  await k.close();
});

test('a ready instance whose server vanished is replaced', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  k.start();
  const inst = await oneReady(k);
  await k.sim.driver.deleteServer(inst.serverId!);
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'deleted', 'the instance deleted');
  assert.ok((await k.events(inst.id)).includes('ServerVanished'));
  const fresh = await oneReady(k);
  assert.notEqual(fresh.serverId, inst.serverId);
  await k.close();
});

test('a leased instance that cannot be recovered is given up and its holder told', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  k.start();
  await oneReady(k);
  const { lease, instance: inst } = await k.holdReady();
  await k.sim.driver.deleteServer(inst.serverId!);
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'failed', 'the instance given up');
  const failed = (await k.store.getInstance(inst.id))!;
  assert.equal(failed.leaseId, lease.id, 'still the lease holder\'s, for the lease controller to reclaim');
  const notes = await k.store.dueNotifications(k.sim.clock.now(), 10);
  const note = notes.find((n) => n.kind === 'instance.failed');
  assert.ok(note, 'an instance.failed notification');
  assert.equal(note.userId, k.user.id);
  assert.equal(note.data.leaseId, lease.id);
  assert.ok(!note.body.includes(inst.password!), 'no password in the notification');
  assert.ok((await k.events(inst.id)).includes('GaveUp'));
  await k.close();
});

test('stop and restart asked by the lease controller: the server goes SHUTOFF, then ACTIVE again', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  k.start();
  await oneReady(k);
  const { lease, instance: inst } = await k.holdReady();
  await k.store.updateLease(lease.id, { state: 'grace' }, k.sim.clock.now());
  await k.store.updateInstance(inst.id, { state: 'stopped', step: null }, k.sim.clock.now(), ['leased']);
  await k.until(() => k.sim.cloud.getServer(inst.serverId!)?.status === 'SHUTOFF', 'the server stopped');
  await k.sim.clock.advance(60_000);
  assert.equal((await k.store.getInstance(inst.id))?.state, 'stopped', 'a stopped instance is left stopped');
  assert.equal(k.sim.cloud.getServer(inst.serverId!)?.status, 'SHUTOFF');

  await k.store.updateLease(lease.id, { state: 'active' }, k.sim.clock.now());
  await k.store.updateInstance(inst.id, { state: 'leased', step: RESTART_STEP }, k.sim.clock.now(), ['stopped']);
  await k.until(async () => (await k.store.getInstance(inst.id))?.step === null, 'the restart done');
  assert.equal(k.sim.cloud.getServer(inst.serverId!)?.status, 'ACTIVE');
  const reasons = await k.events(inst.id);
  assert.ok(reasons.includes('Stopped') && reasons.includes('Restarted'), `events: ${reasons}`);
  await k.close();
});

test('deleting an instance releases its floating IP and the server disappears', async () => {
  const k = await provisioningKit({ profile: { floatingIp: true, pool: { ...ONE_READY, n: 0 } } });
  k.start({ instance: true });
  // A pool of none: this instance is written by hand, as the pool controller would.
  await k.store.insertInstance({ id: 'i-manual01', cloud: 'sim', profile: 'web', vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  const inst = await oneReady(k);
  assert.ok(inst.floatingIpId);
  assert.equal((await k.sim.driver.listFloatingIps()).length, 1);
  await k.store.updateInstance(inst.id, { state: 'deleting' }, k.sim.clock.now(), ['ready']);
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'deleted', 'the instance deleted');
  assert.equal(k.sim.cloud.getServer(inst.serverId!), null);
  assert.equal((await k.sim.driver.listFloatingIps()).length, 0, 'the floating IP is released');
  assert.equal((await k.servers()).length, 0);
  await k.close();
});

test('the orphan sweep removes tagged servers that no live instance accounts for, and nothing else', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  const { boot } = k.sim.fixture;
  const ghost = await k.sim.driver.createServer({ name: 'ghost', ...boot, metadata: { [DROVER_INSTANCE_TAG]: 'i-ghost', [DROVER_INSTALLATION_TAG]: k.installationId } });
  const foreign = await k.sim.driver.createServer({ name: 'someone-elses', ...boot, metadata: { owner: 'bob' } });
  k.start();
  const inst = await oneReady(k);
  const twin = await k.sim.driver.createServer({ name: 'twin', ...boot, metadata: { [DROVER_INSTANCE_TAG]: inst.id, [DROVER_INSTALLATION_TAG]: k.installationId } });
  await k.until(() => k.sim.cloud.getServer(ghost.id) === null && k.sim.cloud.getServer(twin.id) === null, 'the orphans deleted');
  assert.ok(k.sim.cloud.getServer(foreign.id), 'an untagged server is never touched');
  assert.equal(k.sim.cloud.getServer(inst.serverId!)?.status, 'ACTIVE', 'the instance keeps its own server');
  assert.ok((await k.events('i-ghost')).includes('OrphanDeleted'));
  await k.close();
});

test('the orphan sweep releases tagged floating IPs that no live instance accounts for, and nothing else', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: ONE_READY } });
  const { driver } = k.sim;
  await k.store.insertInstance({ id: 'i-gone', cloud: 'sim', profile: 'web', vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  await k.store.updateInstance('i-gone', { state: 'deleted' }, k.sim.clock.now());
  const ofMissing = await driver.allocateFloatingIp(undefined, floatingIpTag('i-ghost', k.installationId));
  const ofDeleted = await driver.allocateFloatingIp(undefined, floatingIpTag('i-gone', k.installationId));
  const untagged = await driver.allocateFloatingIp();
  const labelled = await driver.allocateFloatingIp(undefined, 'reserved for the demo');
  k.start();
  const inst = await oneReady(k);
  // A missing instance's address that someone put on a live instance's server stays.
  const lent = await driver.allocateFloatingIp(undefined, floatingIpTag('i-ghost2', k.installationId));
  await driver.associateFloatingIp(lent.id, inst.serverId!);
  // A second address of a ready instance that does not record it: a duplicate.
  const stray = await driver.allocateFloatingIp(undefined, floatingIpTag(inst.id, k.installationId));
  const listed = async () => new Set((await driver.listFloatingIps()).map((f) => f.id));
  await k.until(async () => {
    const ids = await listed();
    return !ids.has(ofMissing.id) && !ids.has(ofDeleted.id) && !ids.has(stray.id);
  }, 'the orphaned addresses released');
  await k.sim.clock.advance(60_000);
  const left = await listed();
  assert.ok(left.has(untagged.id), 'an untagged address is never touched');
  assert.ok(left.has(labelled.id), 'an address labelled by someone else is never touched');
  assert.ok(left.has(lent.id), 'an address on a live instance\'s server is kept');
  assert.equal(left.size, 3);
  assert.ok((await k.events('i-ghost')).includes('OrphanReleased'));
  assert.ok((await k.events(inst.id)).includes('OrphanReleased'));
  await k.close();
});

test('deleting an instance also releases an address allocated for it that it never recorded', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: { ...ONE_READY, n: 0 } } });
  k.start({ instance: true });
  await k.store.insertInstance({ id: 'i-manual02', cloud: 'sim', profile: 'web', vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  const inst = await oneReady(k);
  await k.sim.driver.allocateFloatingIp(undefined, floatingIpTag(inst.id, k.installationId));
  await k.store.updateInstance(inst.id, { state: 'deleting' }, k.sim.clock.now(), ['ready']);
  await k.until(async () => (await k.store.getInstance(inst.id))?.state === 'deleted', 'the instance deleted');
  assert.equal((await k.sim.driver.listFloatingIps()).length, 0, 'the tagged address is released');
  await k.close();
});
