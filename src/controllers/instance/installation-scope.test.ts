import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROVER_INSTALLATION_TAG, DROVER_INSTANCE_TAG, floatingIpTag } from '../../core/cloud.js';
import { DAY, provisioningKit, type ProvisioningKit } from '../shared/provisioning-test-kit.js';

/**
 * Two Drovers sharing one OpenStack project: each sees the other's servers tagged but
 * unrecorded. Only what carries this installation's id is ever deleted or adopted.
 */

const NO_POOL = { policy: 'static', m: 3, n: 0, min: 0, options: {}, maxAgeMs: 10 * DAY };
const OTHER = 'another-drovers-installation';

function boot(k: ProvisioningKit, name: string, metadata: Record<string, string>) {
  return k.sim.driver.createServer({ name, ...k.sim.fixture.boot, metadata });
}

test('the orphan sweep deletes only its own installation\'s orphans, and names unmarked ones once', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: NO_POOL } });
  const theirs = await boot(k, 'theirs', { [DROVER_INSTANCE_TAG]: 'i-theirs', [DROVER_INSTALLATION_TAG]: OTHER });
  const ours = await boot(k, 'ours', { [DROVER_INSTANCE_TAG]: 'i-ours', [DROVER_INSTALLATION_TAG]: k.installationId });
  const old = await boot(k, 'old', { [DROVER_INSTANCE_TAG]: 'i-old' });
  k.start({ sweep: true });
  await k.until(() => k.sim.cloud.getServer(ours.id) === null, 'our orphan deleted');
  // Several more sweeps: what is left stays left, and is reported only once.
  await k.sim.clock.advance(60_000);
  assert.equal(k.sim.cloud.getServer(theirs.id)?.status, 'ACTIVE', 'another installation\'s server is never touched');
  assert.equal(k.sim.cloud.getServer(old.id)?.status, 'ACTIVE', 'a server without an installation id is never deleted automatically');
  assert.deepEqual(await k.events('i-ours'), ['OrphanDeleted']);
  assert.deepEqual(await k.events('i-theirs'), [], 'another installation\'s server is not ours to report');
  assert.deepEqual(await k.events('i-old'), ['UnmarkedOrphan'], 'the unmarked server is named once, for an operator');
  const [event] = await k.store.listEvents({ subject: 'i-old' });
  assert.match(event!.message, new RegExp(old.id));
  await k.close();
});

test('the orphan sweep releases only its own installation\'s tagged floating IPs', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: NO_POOL } });
  const { driver } = k.sim;
  const theirs = await driver.allocateFloatingIp(undefined, floatingIpTag('i-theirs', OTHER));
  const ours = await driver.allocateFloatingIp(undefined, floatingIpTag('i-ours', k.installationId));
  const old = await driver.allocateFloatingIp(undefined, floatingIpTag('i-old'));
  k.start({ sweep: true });
  const listed = async () => new Set((await driver.listFloatingIps()).map((f) => f.id));
  await k.until(async () => !(await listed()).has(ours.id), 'our orphaned address released');
  await k.sim.clock.advance(60_000);
  const left = await listed();
  assert.ok(left.has(theirs.id), 'another installation\'s address is never released');
  assert.ok(left.has(old.id), 'an address without an installation id is never released automatically');
  assert.deepEqual(await k.events('i-ours'), ['OrphanReleased']);
  assert.deepEqual(await k.events('i-theirs'), []);
  assert.deepEqual(await k.events('i-old'), ['UnmarkedOrphan']);
  await k.close();
});

test('a pending instance never adopts another installation\'s server with its tag; it boots its own, marked as ours', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: NO_POOL } });
  // Another Drover happened to boot a server tagged with this pending instance's id.
  const theirs = await boot(k, 'theirs', { [DROVER_INSTANCE_TAG]: 'i-shared', [DROVER_INSTALLATION_TAG]: OTHER });
  await k.store.insertInstance({ id: 'i-shared', cloud: 'sim', profile: k.profile.name, vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  k.start({ instance: true, sweep: true });
  await k.until(async () => (await k.store.getInstance('i-shared'))?.state === 'ready', 'the instance ready');
  await k.sim.clock.advance(60_000);
  const inst = (await k.store.getInstance('i-shared'))!;
  assert.notEqual(inst.serverId, theirs.id, 'the other installation\'s server was not adopted');
  assert.ok(!(await k.events('i-shared')).includes('Adopted'));
  assert.equal(k.sim.cloud.getServer(inst.serverId!)?.metadata[DROVER_INSTALLATION_TAG], k.installationId, 'its own server carries our id');
  assert.equal(k.sim.cloud.getServer(theirs.id)?.status, 'ACTIVE', 'nor deleted as a duplicate');

  // Deleting the instance deletes its own server only.
  await k.store.updateInstance('i-shared', { state: 'deleting' }, k.sim.clock.now(), ['ready']);
  await k.until(async () => (await k.store.getInstance('i-shared'))?.state === 'deleted', 'the instance deleted');
  assert.equal(k.sim.cloud.getServer(theirs.id)?.status, 'ACTIVE', 'deleting ours leaves theirs');
  await k.close();
});
