import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContractFixture } from './contract-fixture.js';
import { ContractScope, rejectsWith } from './contract-scope.js';

const idle = (status: string) => (s: { status: string; taskState: string | null }) => s.status === status && s.taskState === null;

/** Power and in-place actions on one server. */
export function actionTests(fx: () => ContractFixture): void {
  it('start and stop are idempotent; a soft reboot of a stopped server is a conflict', async (t) => {
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('power');
    await sc.driver.startServer(s.id); // already ACTIVE: no effect
    assert.equal((await sc.driver.getServer(s.id))?.status, 'ACTIVE');
    await sc.driver.stopServer(s.id);
    await sc.waitServer(s.id, idle('SHUTOFF'), 'SHUTOFF');
    await sc.driver.stopServer(s.id); // already SHUTOFF: no effect
    assert.equal((await sc.driver.getServer(s.id))?.status, 'SHUTOFF');
    await rejectsWith(sc.driver.rebootServer(s.id, 'soft'), 'conflict', 'soft reboot of a SHUTOFF server');
    await sc.driver.startServer(s.id);
    await sc.waitServer(s.id, idle('ACTIVE'), 'ACTIVE again');
    await sc.driver.startServer(s.id);
    assert.equal((await sc.driver.getServer(s.id))?.status, 'ACTIVE');
  });

  it('reboots soft (ACTIVE again) and hard (a stopped server comes up)', async (t) => {
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('reboot');
    await sc.driver.rebootServer(s.id, 'soft');
    await sc.waitServer(s.id, idle('ACTIVE'), 'ACTIVE after a soft reboot');
    await sc.driver.stopServer(s.id);
    await sc.waitServer(s.id, idle('SHUTOFF'), 'SHUTOFF');
    await sc.driver.rebootServer(s.id, 'hard');
    await sc.waitServer(s.id, idle('ACTIVE'), 'ACTIVE after a hard reboot');
  });

  it('rebuilds from another image (or the same one) and ends ACTIVE', async (t) => {
    const sc = new ContractScope(fx(), t);
    const image = sc.fx.altImageId ?? sc.fx.boot.imageId;
    const s = await sc.bootActive('rebuild');
    await sc.driver.rebuildServer(s.id, image);
    const after = await sc.waitServer(s.id, (x) => idle('ACTIVE')(x) && x.imageId === image, `ACTIVE on image ${image}`);
    assert.equal(after.imageId, image);
    assert.equal(after.host, s.host, 'a rebuild stays on its host');
  });

  it('changes the admin password of an ACTIVE server', async (t) => {
    const sc = new ContractScope(fx(), t);
    const s = await sc.bootActive('password');
    await sc.driver.changePassword(s.id, 'Drover-contract-2024!');
    assert.equal((await sc.driver.getServer(s.id))?.status, 'ACTIVE');
  });
}
