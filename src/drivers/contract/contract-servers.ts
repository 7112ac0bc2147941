import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DROVER_INSTANCE_TAG } from '../../core/cloud.js';
import type { ContractFixture } from './contract-fixture.js';
import { ContractScope, MISSING_ID, rejectsWith } from './contract-scope.js';

/** Boot, read, list (metadata filter, changes-since), delete, and errors on missing servers. */
export function serverTests(fx: () => ContractFixture): void {
  it('boots a tagged server that becomes ACTIVE and is found by its tag', async (t) => {
    const sc = new ContractScope(fx(), t);
    const { boot } = sc.fx;
    const tag = sc.tag();
    const accepted = await sc.boot('create', tag);
    assert.ok(accepted.id, 'the cloud assigns an id');
    assert.equal(accepted.status, 'BUILD', 'a boot is accepted in BUILD');
    const s = await sc.waitServer(accepted.id, (x) => x.status === 'ACTIVE' && x.taskState === null, 'ACTIVE');
    assert.equal(s.metadata[DROVER_INSTANCE_TAG], tag);
    assert.equal(s.flavorId, boot.flavorId);
    assert.equal(s.imageId, boot.imageId);
    assert.ok(s.name.endsWith('-create'));
    assert.ok(s.createdAt > 0 && s.updatedAt >= s.createdAt, 'timestamps are set');
    if (boot.networks.length > 0) assert.ok(s.addresses.some((a) => a.type === 'fixed'), 'it has a fixed address');
    assert.equal(s.fault, null);

    const byTag = await sc.driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: tag } });
    assert.deepEqual(byTag.servers.map((x) => x.id), [s.id], 'the metadata filter finds exactly this server');
    const other = await sc.driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: `${tag}-other` } });
    assert.deepEqual(other.servers, [], 'a different tag value matches nothing');
    const all = await sc.driver.listServers();
    assert.ok(all.servers.some((x) => x.id === s.id), 'a plain listing includes it');
  });

  it('changes-since reports a later change and a deletion', async (t) => {
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('changes');
    const before = await sc.driver.listServers();
    await sc.driver.stopServer(s.id);
    await sc.waitServer(s.id, (x) => x.status === 'SHUTOFF' && x.taskState === null, 'SHUTOFF');
    const changed = await sc.driver.listServers({ changesSince: before.cursor });
    const seen = changed.servers.find((x) => x.id === s.id);
    assert.ok(seen, 'the stopped server is listed as changed');
    assert.equal(seen.status, 'SHUTOFF');

    await sc.driver.deleteServer(s.id);
    await sc.waitGone(s.id);
    const deleted = await sc.driver.listServers({ changesSince: changed.cursor });
    const tomb = deleted.servers.find((x) => x.id === s.id);
    assert.ok(tomb, 'the deleted server is listed as changed');
    assert.equal(tomb.status, 'DELETED');
    const plain = await sc.driver.listServers();
    assert.ok(!plain.servers.some((x) => x.id === s.id), 'a plain listing leaves deleted servers out');
  });

  it('deletes idempotently; a deleted or unknown server reads as null', async (t) => {
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('delete');
    await sc.driver.deleteServer(s.id);
    await sc.driver.deleteServer(s.id); // while deleting
    await sc.waitGone(s.id);
    await sc.driver.deleteServer(s.id); // once gone
    assert.equal(await sc.driver.getServer(s.id), null);
    assert.equal(await sc.driver.getServer(MISSING_ID), null);
    await sc.driver.deleteServer(MISSING_ID);
  });

  it('throws DriverError not-found for actions on a missing server', async (t) => {
    const { driver, capabilities } = fx();
    await rejectsWith(driver.startServer(MISSING_ID), 'not-found', 'start');
    await rejectsWith(driver.stopServer(MISSING_ID), 'not-found', 'stop');
    await rejectsWith(driver.rebootServer(MISSING_ID, 'soft'), 'not-found', 'reboot soft');
    await rejectsWith(driver.rebootServer(MISSING_ID, 'hard'), 'not-found', 'reboot hard');
    await rejectsWith(driver.rebuildServer(MISSING_ID), 'not-found', 'rebuild');
    await rejectsWith(driver.changePassword(MISSING_ID, 'Drover-contract-1'), 'not-found', 'changePassword');
    if (!capabilities.admin) return t.skip('migrate/evacuate cases need an admin credential');
    await rejectsWith(driver.liveMigrate(MISSING_ID), 'not-found', 'liveMigrate');
    await rejectsWith(driver.migrate(MISSING_ID), 'not-found', 'migrate');
    await rejectsWith(driver.evacuate(MISSING_ID), 'not-found', 'evacuate');
  });
}
