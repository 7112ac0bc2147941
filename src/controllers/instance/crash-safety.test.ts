import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROVER_INSTANCE_TAG } from '../../core/cloud.js';
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
  // The intent row, and the boot the dead process made before it could record the server.
  await k.store.insertInstance({ id: 'i-crashed1', cloud: 'sim', profile: 'web', vcpus: 2, ramMb: 4096 }, k.sim.clock.now());
  const image = k.sim.cloud.listImages().find((i) => i.name === k.profile.image)!;
  const flavor = k.sim.cloud.listFlavors().find((f) => f.name === k.profile.flavor)!;
  const booted = await k.sim.driver.createServer({
    name: 'drover-web-crashed1',
    ...k.sim.fixture.boot,
    imageId: image.id,
    flavorId: flavor.id,
    metadata: { [DROVER_INSTANCE_TAG]: 'i-crashed1' },
  });
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
