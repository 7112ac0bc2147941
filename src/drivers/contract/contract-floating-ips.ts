import { it } from 'node:test';
import assert from 'node:assert/strict';
import { floatingIpTag } from '../../core/cloud.js';
import type { ContractFixture } from './contract-fixture.js';
import { ContractScope, MISSING_ID, rejectsWith } from './contract-scope.js';

export function floatingIpTests(fx: () => ContractFixture): void {
  it('allocates, associates, disassociates and releases a floating IP (release is idempotent)', async (t) => {
    if (!fx().capabilities.floatingIps) return t.skip('the fixture has no external network for floating IPs');
    const sc = new ContractScope(fx(), t);
    const fip = await sc.driver.allocateFloatingIp(sc.fx.floatingNetwork);
    sc.trackFloatingIp(fip.id);
    assert.match(fip.ip, /^[0-9a-f.:]+$/i);
    assert.equal(fip.serverId, null);
    assert.ok((await sc.driver.listFloatingIps()).some((f) => f.id === fip.id), 'listed once allocated');

    const s = await sc.bootActive('floating-ip');
    await sc.driver.associateFloatingIp(fip.id, s.id);
    await sc.waitServer(s.id, (x) => x.addresses.some((a) => a.ip === fip.ip && a.type === 'floating'), `showing ${fip.ip}`);
    const bound = (await sc.driver.listFloatingIps()).find((f) => f.id === fip.id);
    assert.equal(bound?.serverId, s.id);
    await rejectsWith(sc.driver.associateFloatingIp(MISSING_ID, s.id), 'not-found', 'associate a missing floating IP');

    await sc.driver.disassociateFloatingIp(fip.id);
    await sc.waitServer(s.id, (x) => !x.addresses.some((a) => a.ip === fip.ip), `no longer showing ${fip.ip}`);
    assert.equal((await sc.driver.listFloatingIps()).find((f) => f.id === fip.id)?.serverId, null);

    await sc.driver.releaseFloatingIp(fip.id);
    assert.ok(!(await sc.driver.listFloatingIps()).some((f) => f.id === fip.id), 'gone once released');
    await sc.driver.releaseFloatingIp(fip.id);
  });
}

export function floatingIpTagTests(fx: () => ContractFixture): void {
  it('keeps the tag given at allocation, so that an address whose reply was lost can be found again', async (t) => {
    if (!fx().capabilities.floatingIps) return t.skip('the fixture has no external network for floating IPs');
    const sc = new ContractScope(fx(), t);
    const tag = floatingIpTag(sc.tag());
    const tagged = await sc.driver.allocateFloatingIp(sc.fx.floatingNetwork, tag);
    sc.trackFloatingIp(tagged.id);
    const plain = await sc.driver.allocateFloatingIp(sc.fx.floatingNetwork);
    sc.trackFloatingIp(plain.id);
    assert.equal(tagged.tag, tag, 'the allocation reply shows the tag');
    assert.equal(plain.tag, null, 'no tag given: none shown');

    const listed = await sc.driver.listFloatingIps();
    assert.deepEqual(listed.filter((f) => f.tag === tag).map((f) => f.id), [tagged.id], 'found by its tag in a listing');
    assert.equal(listed.find((f) => f.id === plain.id)?.tag, null);

    const s = await sc.bootActive('floating-ip-tag');
    await sc.driver.associateFloatingIp(tagged.id, s.id);
    const bound = (await sc.driver.listFloatingIps()).find((f) => f.id === tagged.id);
    assert.equal(bound?.serverId, s.id);
    assert.equal(bound?.tag, tag, 'the tag survives an association');
  });
}
