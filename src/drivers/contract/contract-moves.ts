import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContractFixture } from './contract-fixture.js';
import { ContractScope, pickHost, rejectsWith } from './contract-scope.js';

/** Live and cold migration to a named host, and evacuation off a failed host. */
export function moveTests(fx: () => ContractFixture): void {
  it('live-migrates to a named host', async (t) => {
    const { capabilities } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential to name a host');
    if (!capabilities.liveMigration) return t.skip('the fixture says live migration is not available');
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('live-migrate');
    const target = pickHost((await sc.driver.listHosts()).hosts, s.host, s.availabilityZone);
    if (target === undefined) return t.skip(`no second usable host besides ${s.host}`);
    await sc.driver.liveMigrate(s.id, target.name);
    const moved = await sc.waitServer(s.id, (x) => x.status === 'ACTIVE' && x.taskState === null && x.host === target.name, `ACTIVE on ${target.name}`);
    assert.equal(moved.host, target.name);
  });

  it('cold-migrates to a named host and ends ACTIVE there (the driver confirms)', async (t) => {
    const { capabilities } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential to name a host');
    if (!capabilities.coldMigration) return t.skip('the fixture says cold migration is not available');
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('cold-migrate');
    const target = pickHost((await sc.driver.listHosts()).hosts, s.host, s.availabilityZone);
    if (target === undefined) return t.skip(`no second usable host besides ${s.host}`);
    await sc.driver.migrate(s.id, target.name);
    const moved = await sc.waitServer(s.id, (x) => x.status === 'ACTIVE' && x.taskState === null && x.host === target.name, `ACTIVE on ${target.name}`);
    assert.equal(moved.host, target.name);
  });

  it('refuses to evacuate from a live host, then evacuates once the host is forced down', async (t) => {
    const { capabilities } = fx();
    if (!capabilities.admin) return t.skip('needs an admin credential');
    const evac = capabilities.evacuation;
    if (evac === undefined) return t.skip('the fixture cannot take a host down (capabilities.evacuation missing)');
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('evacuate');
    const src = s.host;
    assert.ok(src, 'an admin sees the server host');
    if (pickHost((await sc.driver.listHosts()).hosts, src) === undefined) return t.skip(`no second usable host besides ${src}`);
    await rejectsWith(sc.driver.evacuate(s.id), 'conflict', 'evacuate while the source service is up');
    try {
      await evac.crashHost(src);
      await sc.driver.setServiceForcedDown(src, true);
      await sc.driver.setServiceForcedDown(src, true); // idempotent
      const down = await sc.driver.getHost(src);
      assert.equal(down.service.forcedDown, true);
      assert.equal(down.service.state, 'down', 'a forced-down service shows down at once');
      await sc.driver.evacuate(s.id);
      const moved = await sc.waitServer(s.id, (x) => x.status === 'ACTIVE' && x.taskState === null && x.host !== src, 'ACTIVE on another host');
      assert.notEqual(moved.host, src);
      assert.equal(moved.id, s.id, 'an evacuated server keeps its id');
    } finally {
      await evac.restoreHost(src);
      await sc.driver.setServiceForcedDown(src, false);
    }
    await sc.fx.waitFor(async () => (await sc.driver.getHost(src)).service.state === 'up', `${src} service up again`);
  });
}
