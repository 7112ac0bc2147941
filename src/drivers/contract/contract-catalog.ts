import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContractFixture } from './contract-fixture.js';
import { rejectsWith } from './contract-scope.js';

/** Hosts, flavors, images and networks. */
export function catalogTests(fx: () => ContractFixture): void {
  it('lists hosts with capacity, usage, service and power; gets one; an unknown host is not-found', async (t) => {
    const { driver, capabilities } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential (capabilities.admin is false)');
    const listing = await driver.listHosts();
    assert.equal(listing.full, true, 'a listing without a cursor is full');
    assert.ok(listing.hosts.length > 0, 'the cloud has hosts');
    assert.equal(typeof listing.cursor, 'string');
    assert.equal(new Set(listing.hosts.map((h) => h.name)).size, listing.hosts.length, 'host names are unique');
    for (const h of listing.hosts) {
      assert.ok(h.capacity.vcpus > 0 && h.capacity.ramMb > 0, `${h.name} has capacity`);
      assert.ok(h.used.vcpus >= 0 && h.used.ramMb >= 0, `${h.name} has usage`);
      assert.ok(['up', 'down'].includes(h.service.state), `${h.name} service state`);
      assert.equal(typeof h.service.enabled, 'boolean');
      assert.ok(['on', 'off', 'unknown'].includes(h.power), `${h.name} power`);
    }
    const first = listing.hosts[0]!;
    const one = await driver.getHost(first.name);
    assert.equal(one.name, first.name);
    assert.equal(one.availabilityZone, first.availabilityZone);
    assert.deepEqual(one.capacity, first.capacity);
    await rejectsWith(driver.getHost('drover-contract-no-such-host'), 'not-found', 'getHost(unknown)');
  });

  it('refuses admin calls without an admin credential with DriverError fatal', async (t) => {
    const { driver, capabilities } = fx();
    if (capabilities.admin) return t.skip('the fixture holds an admin credential; this case needs a non-admin one');
    await rejectsWith(driver.listHosts(), 'fatal', 'listHosts as non-admin');
  });

  it('lists the flavors, images and networks the fixture boots with', async () => {
    const { driver, boot } = fx();
    const flavor = (await driver.listFlavors()).find((f) => f.id === boot.flavorId);
    assert.ok(flavor, `flavor ${boot.flavorId} is listed`);
    assert.ok(flavor.vcpus > 0 && flavor.ramMb > 0, 'the flavor has a size');
    const images = await driver.listImages();
    assert.ok(images.some((i) => i.id === boot.imageId), `image ${boot.imageId} is listed`);
    const networks = await driver.listNetworks();
    for (const id of boot.networks) assert.ok(networks.some((n) => n.id === id), `network ${id} is listed`);
    assert.ok(networks.every((n) => typeof n.external === 'boolean'));
  });
}
