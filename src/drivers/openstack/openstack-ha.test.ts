import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpenStackDriver } from './openstack-driver.js';
import {
  crashHost,
  findTestbed,
  poll,
  restoreHost,
  runPrefix,
  settled,
  TESTBED_MISSING,
  testbedBoot,
  testbedDriver,
} from './testing/testbed.js';

/**
 * The host-HA path on the real Nova of the test bed: a compute host crashes (its fake
 * nova-compute is stopped), Drover forces its service down, evacuates its servers and
 * sees them ACTIVE elsewhere; then the host is restored (restart, then un-force: Nova
 * Zed refuses the un-force until the compute restarted, REPORT pitfall 7).
 */
const cloudsYaml = findTestbed();
const prefix = runPrefix('ha');

describe('OpenStack HA: force-down and evacuate on the test bed', { timeout: 900_000 }, () => {
  let driver: OpenStackDriver;
  const created: string[] = [];
  let crashed: string | null = null;

  before(() => {
    if (cloudsYaml) driver = testbedDriver(cloudsYaml);
  });

  after(async () => {
    if (!cloudsYaml) return;
    if (crashed) await restoreHost(driver, crashed).catch((e) => console.error(`restoring ${crashed} failed:`, e));
    for (const id of created) await driver.deleteServer(id).catch(() => {});
    await driver.close();
  });

  test('servers of a crashed, forced-down host are evacuated and run ACTIVE on other hosts', async (t) => {
    if (!cloudsYaml) return t.skip(TESTBED_MISSING);
    const boot = await testbedBoot(driver);
    const hosts = (await driver.listHosts()).hosts.filter((h) => h.service.state === 'up' && h.service.enabled && !h.service.forcedDown);
    assert.ok(hosts.length >= 2, `evacuation needs two healthy hosts; the bed has ${hosts.map((h) => h.name).join(', ')}`);
    const victim = hosts[hosts.length - 1]!.name;

    for (const i of [1, 2]) {
      const s = await driver.createServer({
        name: `${prefix}-${i}`, flavorId: boot.flavorId, imageId: boot.imageId, networks: [boot.privateNet],
        metadata: { 'drover:instance': `${prefix}-${i}` }, host: victim,
      });
      created.push(s.id);
    }
    for (const id of created) {
      const s = await poll(async () => { const x = await driver.getServer(id); return settled(x) && x; }, `${id} ACTIVE`);
      assert.equal(s.host, victim, 'the boot was pinned to the victim host');
    }

    crashed = victim;
    await crashHost(victim);
    await driver.setServiceForcedDown(victim, true);
    await driver.setServiceForcedDown(victim, true); // repeating it is harmless
    const down = await driver.getHost(victim);
    assert.equal(down.service.forcedDown, true);
    assert.equal(down.service.state, 'down', 'a forced-down service reads down at once');

    for (const id of created) await driver.evacuate(id);
    for (const id of created) {
      const s = await poll(async () => {
        const x = await driver.getServer(id);
        if (x?.status === 'ERROR') throw new Error(`evacuation of ${id} failed: ${x.fault}`);
        return settled(x) && x.host !== victim && x;
      }, `${id} ACTIVE away from ${victim}`);
      assert.notEqual(s.host, victim);
      assert.ok(s.addresses.some((a) => a.type === 'fixed'), 'the server keeps its port');
    }

    await restoreHost(driver, victim);
    crashed = null;
    await poll(async () => (await driver.getHost(victim)).service.state === 'up', `${victim} reporting up`, 120_000, 2_000);
    const back = await driver.getHost(victim);
    assert.equal(back.service.forcedDown, false);
    assert.equal(back.service.state, 'up');
  });
});

