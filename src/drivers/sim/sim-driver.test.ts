import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDriverError } from '../../core/errors.js';
import { RealClock } from '../../sim/real-clock.js';
import { realTimeWaitFor, runCloudDriverContract } from '../contract/cloud-driver-contract.js';
import { SimCloud } from './sim-cloud.js';
import { SimDriver } from './sim-driver.js';
import { simKit, spec, until, assertRejectsKind } from './sim-test-kit.js';

runCloudDriverContract('sim (virtual clock)', async () => simKit().fixture);

test('same seed, same calls: same ids, hosts, addresses and timings', async () => {
  const run = async (seed: number) => {
    const kit = simKit({ seed });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await kit.driver.createServer(spec(kit, `d${i}`))).id);
    await until(kit, () => kit.cloud.listServers().servers.every((s) => s.status === 'ACTIVE'), 'all ACTIVE');
    const fip = await kit.driver.allocateFloatingIp();
    const servers = kit.cloud.listServers().servers.map((s) => [s.id, s.host, s.addresses[0]?.ip, s.updatedAt]);
    kit.cloud.close();
    return { ids, servers, fip: [fip.id, fip.ip], images: kit.cloud.listImages().map((i) => i.id) };
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  const c = await run(8);
  assert.notDeepEqual(c.ids, a.ids, 'another seed gives other ids');
  assert.match(a.ids[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});


test('API faults: an error rate yields transient errors without side effects; lost replies take effect', async () => {
  const kit = simKit();
  kit.cloud.faults.setApiFaults({ errorRate: 0.5 });
  let transient = 0;
  let ok = 0;
  for (let i = 0; i < 200; i++) {
    try {
      await kit.driver.createServer(spec(kit, `f${i}`));
      ok++;
    } catch (e) {
      assert.ok(isDriverError(e, 'transient'), String(e));
      transient++;
    }
  }
  assert.ok(transient > 50 && ok > 50, `about half fail (${transient} of 200)`);
  assert.equal(kit.cloud.listServers().servers.length, ok, 'a failed call created nothing');

  kit.cloud.faults.setApiFaults({ errorRate: 0, lostReplyRate: 1 });
  await assertRejectsKind(kit.driver.createServer(spec(kit, 'lost')), 'transient');
  const found = kit.cloud.listServers({ metadata: { 'drover:instance': 'lost' } }).servers;
  assert.equal(found.length, 1, 'the boot happened although its reply was lost');
  assert.throws(() => kit.cloud.faults.setApiFaults({ errorRate: 2 }), RangeError);
  kit.cloud.close();
});


test('added API latency runs on the cloud clock', async () => {
  const kit = simKit();
  kit.cloud.faults.setApiFaults({ latency: 250 });
  let done = false;
  const call = kit.driver.listFlavors().then(() => (done = true));
  await kit.clock.advance(249);
  assert.equal(done, false);
  await kit.clock.advance(1);
  await call;
  assert.equal(done, true);
  kit.cloud.close();
});

test('runs on a real clock too (embedded mode), polled in real time', async () => {
  const clock = new RealClock();
  const zero = { schedule: 1, boot: 5, delete: 1 };
  const cloud = new SimCloud({ clock, seed: 3, latencies: zero });
  const driver = new SimDriver(cloud);
  const waitFor = realTimeWaitFor({ intervalMs: 5, timeoutMs: 30_000 });
  const net = cloud.listNetworks().find((n) => !n.external)!;
  const s = await driver.createServer({ name: 'rt', flavorId: '2', imageId: cloud.listImages()[0]!.id, networks: [net.id], metadata: {} });
  const active = await waitFor(async () => {
    const x = await driver.getServer(s.id);
    return x?.status === 'ACTIVE' && x;
  }, 'ACTIVE on real time');
  assert.ok(active.host);
  await driver.deleteServer(s.id);
  await waitFor(async () => (await driver.getServer(s.id)) === null, 'deleted');
  await driver.close();
  await assertRejectsKind(driver.listFlavors(), 'fatal');
  cloud.close();
});
