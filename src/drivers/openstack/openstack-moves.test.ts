import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Server } from '../../core/cloud.js';
import { isDriverError } from '../../core/errors.js';
import type { OpenStackDriver } from './openstack-driver.js';
import { findTestbed, poll, runPrefix, settled, TESTBED_MISSING, testbedBoot, testbedDriver } from './testing/testbed.js';

/**
 * Live and cold migration, floating IPs and incremental listings on the real Nova and
 * Neutron of the test bed.
 */
const cloudsYaml = findTestbed();
const prefix = runPrefix('moves');

describe('OpenStack moves and floating IPs on the test bed', { timeout: 900_000 }, () => {
  let driver: OpenStackDriver;
  const servers: string[] = [];
  const fips: string[] = [];

  before(() => {
    if (cloudsYaml) driver = testbedDriver(cloudsYaml);
  });
  after(async () => {
    if (!cloudsYaml) return;
    for (const id of fips) await driver.releaseFloatingIp(id).catch(() => {});
    for (const id of servers) await driver.deleteServer(id).catch(() => {});
    await driver.close();
  });

  async function bootActive(label: string): Promise<Server> {
    const boot = await testbedBoot(driver);
    const s = await driver.createServer({
      name: `${prefix}-${label}`, flavorId: boot.flavorId, imageId: boot.imageId, networks: [boot.privateNet],
      metadata: { 'drover:instance': `${prefix}-${label}` },
    });
    servers.push(s.id);
    return poll(async () => { const x = await driver.getServer(s.id); return settled(x) && x; }, `${s.id} ACTIVE`);
  }

  test('live migration to a named host, then to where the scheduler chooses; cold migration is confirmed', async (t) => {
    if (!cloudsYaml) return t.skip(TESTBED_MISSING);
    const s = await bootActive('live');
    const hosts = (await driver.listHosts()).hosts.filter((h) => h.service.state === 'up' && h.service.enabled);
    const target = hosts.find((h) => h.name !== s.host);
    assert.ok(target, 'live migration needs a second healthy host');

    await driver.liveMigrate(s.id, target.name);
    const moved = await poll(async () => { const x = await driver.getServer(s.id); return settled(x) && x.host === target.name && x; }, `${s.id} on ${target.name}`);
    assert.equal(moved.host, target.name);

    await driver.liveMigrate(s.id);
    const again = await poll(async () => { const x = await driver.getServer(s.id); return settled(x) && x.host !== target.name && x; }, `${s.id} moved by the scheduler`);
    assert.notEqual(again.host, target.name);

    await driver.migrate(s.id);
    // migrate() returns once Nova accepted the confirmation; it completes shortly after.
    const cold = await poll(async () => {
      const x = await driver.getServer(s.id);
      return x && x.status !== 'VERIFY_RESIZE' && x.status !== 'RESIZE' && x;
    }, `${s.id} past the resize`, 120_000);
    assert.equal(cold.status, 'ACTIVE', 'the move was confirmed, not reverted or left waiting');
    assert.notEqual(cold.host, again.host);
  });

  test('a floating IP is allocated, associated, seen on the server, disassociated and released', async (t) => {
    if (!cloudsYaml) return t.skip(TESTBED_MISSING);
    const s = await bootActive('fip');
    const fip = await driver.allocateFloatingIp('public');
    fips.push(fip.id);
    assert.equal(fip.network, 'public');
    assert.equal(fip.serverId, null);

    await driver.associateFloatingIp(fip.id, s.id);
    const listed = (await driver.listFloatingIps()).find((f) => f.id === fip.id);
    assert.equal(listed?.serverId, s.id);
    const seen = await poll(async () => {
      const x = await driver.getServer(s.id);
      return x?.addresses.some((a) => a.type === 'floating' && a.ip === fip.ip) && x;
    }, `${fip.ip} on ${s.id}`, 120_000);
    assert.ok(seen);

    await driver.disassociateFloatingIp(fip.id);
    assert.equal((await driver.listFloatingIps()).find((f) => f.id === fip.id)?.serverId, null);
    await driver.releaseFloatingIp(fip.id);
    await driver.releaseFloatingIp(fip.id); // a missing address counts as released
    assert.equal((await driver.listFloatingIps()).some((f) => f.id === fip.id), false);
    await assert.rejects(driver.associateFloatingIp(fip.id, s.id), (e: unknown) => isDriverError(e, 'not-found'));
  });

  test('a listing since a cursor holds the changed servers, deleted ones as DELETED', async (t) => {
    if (!cloudsYaml) return t.skip(TESTBED_MISSING);
    const s = await bootActive('since');
    // The cursor reaches 2 s back (Nova's times have 1 s steps): let the boot's last update age past it.
    await new Promise((r) => setTimeout(r, 3_500));
    const { cursor } = await driver.listServers({ metadata: { 'drover:instance': `${prefix}-since` } });
    const quiet = await driver.listServers({ changesSince: cursor });
    assert.equal(quiet.servers.some((x) => x.id === s.id), false, 'an unchanged server is not in the changes');
    await driver.deleteServer(s.id);
    await driver.deleteServer(s.id); // idempotent
    await poll(async () => (await driver.getServer(s.id)) === null, `${s.id} gone`);
    const changes = await driver.listServers({ changesSince: quiet.cursor });
    assert.equal(changes.servers.find((x) => x.id === s.id)?.status, 'DELETED');
  });
});
