import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROVER_INSTALLATION_TAG, DROVER_INSTANCE_TAG, floatingIpTag, type Server } from '../../core/cloud.js';
import { isDriverError } from '../../core/errors.js';
import { DAY, provisioningKit, type ProvisioningKit } from '../shared/provisioning-test-kit.js';

const POOL = { policy: 'static', m: 8, n: 4, min: 0, options: {}, maxAgeMs: 10 * DAY };

/** Every live row has exactly one server and every tagged server one live row; no address is held twice. */
async function assertOneToOne(k: ProvisioningKit): Promise<void> {
  const rows = await k.rows(['ready', 'leased']);
  const servers = await k.servers();
  assert.equal(servers.length, rows.length, `servers ${servers.length} vs instances ${rows.length}`);
  const serverIds = new Set(rows.map((r) => r.serverId));
  assert.equal(serverIds.size, rows.length, 'no server recorded by two instances');
  for (const s of servers) {
    const owner = rows.find((r) => r.serverId === s.id);
    assert.ok(owner, `server ${s.id} belongs to a live instance`);
    assert.equal(s.metadata[DROVER_INSTANCE_TAG], owner.id);
  }
  const fips = await k.sim.driver.listFloatingIps();
  assert.equal(fips.length, rows.filter((r) => r.floatingIpId).length, 'no floating IP leaked');
  for (const f of fips) assert.ok(rows.some((r) => r.floatingIpId === f.id && r.serverId === f.serverId), `floating IP ${f.ip} is its instance's`);
}

/** The intent row of instance `id` and the boot a dead process made for it before it could record the server. */
async function bootUnrecorded(k: ProvisioningKit, id: string): Promise<Server> {
  await k.store.insertInstance({ id, cloud: 'sim', profile: k.profile.name, vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  const image = k.sim.cloud.listImages().find((i) => i.name === k.profile.image)!;
  const flavor = k.sim.cloud.listFlavors().find((f) => f.name === k.profile.flavor)!;
  return k.sim.driver.createServer({
    name: `drover-${k.profile.name}-${id.slice(2)}`,
    ...k.sim.fixture.boot,
    imageId: image.id,
    flavorId: flavor.id,
    metadata: { [DROVER_INSTANCE_TAG]: id, [DROVER_INSTALLATION_TAG]: k.installationId },
  });
}

/** Counts the calls of `method` on the kit's driver whose reply the cloud lost (they took effect). */
function countLostReplies(k: ProvisioningKit, method: 'allocateFloatingIp'): () => number {
  const driver = k.sim.driver;
  const call = driver[method].bind(driver);
  let lost = 0;
  driver[method] = async (...args) => {
    try {
      return await call(...args);
    } catch (error) {
      if (isDriverError(error, 'transient') && /reply .* was lost/.test(error.message)) lost++;
      throw error;
    }
  };
  return () => lost;
}

test('a process killed in the middle of provisioning leaves nothing leaked or doubly allocated after restart', async () => {
  const k = await provisioningKit({ profile: { pool: POOL } });
  k.start();
  // Let the boots go out, then kill the process while instances are booting or configuring.
  await k.until(async () => (await k.rows(['booting', 'configuring'])).length >= 2, 'boots under way');
  await k.stop();
  const midway = await k.rows();
  assert.ok(midway.some((r) => r.state !== 'ready'), 'killed before every instance was ready');
  // While the process is down the cloud carries on.
  await k.sim.clock.advance(120_000);

  k.start();
  await k.until(async () => (await k.rows(['ready'])).length === 4 && (await k.rows()).length === 4, 'the pool full again');
  await k.sim.clock.advance(60_000);
  await assertOneToOne(k);
  for (const r of midway) {
    const now = await k.store.getInstance(r.id);
    assert.equal(now?.state, 'ready', `${r.id} (${r.state} at the kill) was resumed, not abandoned`);
    if (r.serverId) assert.equal(now?.serverId, r.serverId, `${r.id} kept its server`);
  }
  await k.close();
});

test('a boot that happened but was never recorded (killed between the call and the write) is adopted, not repeated', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: { ...POOL, n: 1 } } });
  const booted = await bootUnrecorded(k, 'i-crashed1');
  k.start();
  await k.until(async () => (await k.store.getInstance('i-crashed1'))?.state === 'ready', 'the instance ready');
  await k.sim.clock.advance(60_000);
  assert.equal((await k.store.getInstance('i-crashed1'))?.serverId, booted.id, 'the existing server was adopted');
  assert.ok((await k.events('i-crashed1')).includes('Adopted'));
  assert.equal((await k.rows()).length, 1, 'the adopted instance fills the pool: nothing else booted');
  await assertOneToOne(k);
  await k.close();
});

test('lost replies from the cloud never double-boot: a retried boot finds its server by the tag', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: POOL } });
  k.sim.cloud.faults.setApiFaults({ lostReplyRate: 0.3 });
  // Without the orphan sweep, which would otherwise clean up a duplicate after the fact.
  k.start({ pool: true, instance: true });
  await k.until(async () => (await k.rows(['ready'])).length === 4, 'the pool full despite lost replies');
  k.sim.cloud.faults.setApiFaults({ lostReplyRate: 0 });
  await k.sim.clock.advance(120_000);
  assert.equal((await k.rows()).length, 4);
  await assertOneToOne(k);
  await k.close();
});

test('lost replies with floating IPs: an address whose allocation reply was lost is found by its tag, never allocated twice', async () => {
  const k = await provisioningKit({ profile: { floatingIp: true, pool: POOL } });
  const lostAllocations = countLostReplies(k, 'allocateFloatingIp');
  k.sim.cloud.faults.setApiFaults({ lostReplyRate: 0.4 });
  // Without the orphan sweep: the instance controller alone must not leak an address.
  k.start({ pool: true, instance: true });
  await k.until(async () => (await k.rows(['ready'])).length === 4, 'the pool full despite lost replies');
  k.sim.cloud.faults.setApiFaults({ lostReplyRate: 0 });
  assert.ok(lostAllocations() > 0, 'the case under test happened: an allocation took effect and its reply was lost');
  await k.sim.clock.advance(120_000);
  assert.equal((await k.rows()).length, 4);
  for (const r of await k.rows()) assert.ok(r.floatingIpId, `${r.id} has its floating IP`);
  await assertOneToOne(k);
  await k.close();
});

test('a floating IP allocated but never recorded (killed between the call and the write) is adopted, not allocated again', async () => {
  const k = await provisioningKit({ profile: { floatingIp: true, pool: { ...POOL, n: 1 } } });
  // The intent row, the server booted for it, and the address the dead process allocated for it.
  await bootUnrecorded(k, 'i-crashed2');
  const allocated = await k.sim.driver.allocateFloatingIp(undefined, floatingIpTag('i-crashed2', k.installationId));
  k.start({ pool: true, instance: true });
  await k.until(async () => (await k.store.getInstance('i-crashed2'))?.state === 'ready', 'the instance ready');
  await k.sim.clock.advance(60_000);
  const inst = (await k.store.getInstance('i-crashed2'))!;
  assert.equal(inst.floatingIpId, allocated.id, 'the tagged address was adopted');
  assert.ok(inst.addresses.some((a) => a.type === 'floating' && a.ip === allocated.ip), 'and associated with the server');
  assert.equal((await k.sim.driver.listFloatingIps()).length, 1, 'no second address');
  await assertOneToOne(k);
  await k.close();
});
