import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContractFixture } from './contract-fixture.js';
import { pickHost } from './contract-scope.js';

/** Compute service controls; each is idempotent and shows in host listings. */
export function serviceTests(fx: () => ContractFixture): void {
  it('disables and enables a host service idempotently; a cursor listing reports the change', async (t) => {
    const { driver, capabilities } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential');
    const first = await driver.listHosts();
    const host = pickHost(first.hosts, null);
    if (host === undefined) return t.skip('no host with an up and enabled service');
    try {
      await driver.setServiceEnabled(host.name, false, 'drover contract test');
      await driver.setServiceEnabled(host.name, false, 'drover contract test');
      const off = await driver.getHost(host.name);
      assert.equal(off.service.enabled, false);
      assert.equal(off.service.disabledReason, 'drover contract test');
      const changed = await driver.listHosts(first.cursor);
      const seen = changed.hosts.find((h) => h.name === host.name);
      assert.ok(seen, 'a listing since the earlier cursor includes the changed host (full or not)');
      assert.equal(seen.service.enabled, false);
    } finally {
      await driver.setServiceEnabled(host.name, true);
    }
    await driver.setServiceEnabled(host.name, true);
    assert.equal((await driver.getHost(host.name)).service.enabled, true);
  });

  it('forces a service down and clears that, idempotently', async (t) => {
    const { driver, capabilities, waitFor } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential');
    const host = pickHost((await driver.listHosts()).hosts, null);
    if (host === undefined) return t.skip('no host with an up and enabled service');
    try {
      await driver.setServiceForcedDown(host.name, true);
      await driver.setServiceForcedDown(host.name, true);
      const down = await driver.getHost(host.name);
      assert.equal(down.service.forcedDown, true);
      assert.equal(down.service.state, 'down');
    } finally {
      await driver.setServiceForcedDown(host.name, false);
    }
    await driver.setServiceForcedDown(host.name, false);
    const up = await waitFor(async () => {
      const h = await driver.getHost(host.name);
      return h.service.state === 'up' && h;
    }, `${host.name} service up after clearing forced-down`);
    assert.equal(up.service.forcedDown, false);
  });
}
