import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROVER_INSTANCE_TAG } from '../../core/cloud.js';
import { DAY, HOUR, LIVE, provisioningKit, type ProvisioningKit } from '../shared/provisioning-test-kit.js';

async function readyCount(k: ProvisioningKit, n: number): Promise<boolean> {
  return (await k.rows(['ready'])).length === n;
}

test('a pool fills to its target with ready instances: addresses, floating IP, password, and Drover metadata on the servers', async () => {
  const k = await provisioningKit({ profile: { pool: { policy: 'static', m: 6, n: 3, min: 0, options: {}, maxAgeMs: 10 * DAY } } });
  k.start();
  await k.until(() => readyCount(k, 3), '3 ready instances');
  const ready = await k.rows(['ready']);
  const flavor = k.sim.cloud.listFlavors().find((f) => f.name === 'm1.medium')!;
  const image = k.sim.cloud.listImages().find((i) => i.name === 'ubuntu-22.04')!;
  const fips = await k.sim.driver.listFloatingIps();
  for (const inst of ready) {
    const server = k.sim.cloud.getServer(inst.serverId!);
    assert.ok(server, `server of ${inst.id}`);
    assert.equal(server.status, 'ACTIVE');
    assert.equal(server.metadata[DROVER_INSTANCE_TAG], inst.id);
    assert.equal(server.metadata['drover:profile'], 'web');
    assert.equal(server.imageId, image.id);
    assert.equal(inst.imageId, image.id);
    assert.equal(inst.flavorId, flavor.id);
    assert.deepEqual([inst.vcpus, inst.ramMb], [flavor.vcpus, flavor.ramMb]);
    assert.ok(inst.addresses.some((a) => a.type === 'fixed'), 'a fixed address');
    const floating = inst.addresses.find((a) => a.type === 'floating');
    assert.ok(floating, 'a floating address');
    assert.equal(fips.find((f) => f.id === inst.floatingIpId)?.ip, floating.ip);
    assert.ok(inst.password && inst.password.length === 16, 'a 16-character password');
    assert.ok(k.sim.cloud.passwordMatches(inst.serverId!, inst.password), 'the server has the recorded password');
    assert.ok(inst.readyAt !== null && inst.readyAt > inst.createdAt);
    assert.match(k.sim.cloud.userData(inst.serverId!) ?? '', new RegExp(`hostname: .*${inst.id}`));
  }
  // Nothing beyond the target was booted, and nothing leaked.
  await k.sim.clock.advance(5 * 60_000);
  assert.equal((await k.rows()).length, 3);
  assert.equal((await k.servers()).length, 3);
  assert.equal((await k.sim.driver.listFloatingIps()).length, 3);
  const pool = await k.store.getPool('web', 'sim');
  assert.deepEqual([pool?.target, pool?.m, pool?.n], [3, 6, 3]);
  assert.match(pool?.reason ?? '', /static/);
  await k.close();
});

test('a pool never exceeds m, and a waiting lease gets an instance booted for it', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: { policy: 'static', m: 4, n: 3, min: 0, options: {}, maxAgeMs: 10 * DAY } } });
  k.start();
  await k.until(() => readyCount(k, 3), '3 ready instances');
  // Three requests take the ready instances (as the API does), three more find the pool empty.
  for (let i = 0; i < 3; i++) await k.holdReady();
  const waiting = [await k.lease(), await k.lease(), await k.lease()];
  let most = 0;
  for (let s = 0; s < 600; s++) {
    await k.sim.clock.advance(1_000);
    most = Math.max(most, (await k.rows(LIVE.filter((x) => x !== 'deleting'))).length);
  }
  assert.ok(most <= 4, `at most m=4 instances at any time, saw ${most}`);
  const rows = await k.rows();
  assert.equal(rows.length, 4);
  // The room m left went to the oldest waiting lease, and its VM is marked for it.
  const forLease = rows.find((r) => r.leaseId === waiting[0]!.id);
  assert.equal(forLease?.state, 'leased');
  assert.equal(rows.filter((r) => r.leaseId === waiting[1]!.id).length, 0);
  assert.equal((await k.servers()).length, 4);
  assert.match((await k.store.getPool('web', 'sim'))?.reason ?? '', /2 lease\(s\) waiting/);
  await k.close();
});

test('stale ready instances are replaced, a few at a time: too old, or built from an image the profile no longer names', async () => {
  const k = await provisioningKit({
    profile: { floatingIp: false, pool: { policy: 'static', m: 6, n: 3, min: 0, options: {}, maxAgeMs: 2 * HOUR } },
    pool: { replacePerBatch: 1, replaceEveryMs: 60_000 },
  });
  k.start();
  await k.until(() => readyCount(k, 3), '3 ready instances');
  const first = new Set((await k.rows(['ready'])).map((r) => r.id));

  // The profile moves to another image: every ready instance is replaced, one per minute.
  await k.store.upsertProfile({ ...k.profile, image: 'cirros-0.6.2' }, k.sim.clock.now());
  const cirros = k.sim.cloud.listImages().find((i) => i.name === 'cirros-0.6.2')!;
  let fewest = 3;
  await k.until(async () => {
    fewest = Math.min(fewest, (await k.rows(['ready'])).length);
    const ready = await k.rows(['ready']);
    return ready.length === 3 && ready.every((r) => r.imageId === cirros.id && !first.has(r.id));
  }, 'three ready instances on the new image');
  assert.ok(fewest >= 2, `one replaced at a time: the pool never fell below 2 ready (saw ${fewest})`);
  const servers = await k.servers();
  assert.equal(servers.length, 3, 'the old servers are deleted');
  assert.ok(servers.every((s) => s.imageId === cirros.id));
  for (const id of first) assert.ok((await k.events(id)).includes('Stale'), `a Stale event for ${id}`);

  // Two hours on, they are too old and are replaced again.
  const second = new Set((await k.rows(['ready'])).map((r) => r.id));
  await k.sim.clock.advance(2 * HOUR);
  await k.until(async () => {
    const ready = await k.rows(['ready']);
    return ready.length === 3 && ready.every((r) => !second.has(r.id));
  }, 'aged instances replaced');
  assert.equal((await k.servers()).length, 3);
  await k.close();
});

test('surplus ready instances are trimmed when the pool shrinks, and the servers deleted', async () => {
  const k = await provisioningKit({ profile: { floatingIp: true, pool: { policy: 'static', m: 6, n: 4, min: 0, options: {}, maxAgeMs: 10 * DAY } } });
  k.start();
  await k.until(() => readyCount(k, 4), '4 ready instances');
  await k.store.upsertProfile({ ...k.profile, pool: { ...k.profile.pool, n: 1 } }, k.sim.clock.now());
  await k.until(async () => (await readyCount(k, 1)) && (await k.servers()).length === 1, 'the pool down to 1');
  assert.equal((await k.sim.driver.listFloatingIps()).length, 1, 'floating IPs of trimmed instances are released');
  const deleted = await k.rows(['deleted']);
  assert.equal(deleted.length, 3);
  for (const d of deleted) assert.ok((await k.events(d.id)).includes('Trimmed'));
  await k.close();
});

test('the pool records the size of the VMs it builds (its flavor\'s) before it has any, and keeps it when the flavor cannot be found', async () => {
  const k = await provisioningKit({ profile: { pool: { policy: 'static', m: 0, n: 0, min: 0, options: {}, maxAgeMs: 10 * DAY } } });
  k.start({ pool: true });
  const flavor = k.sim.cloud.listFlavors().find((f) => f.name === 'm1.medium')!;
  await k.until(async () => (await k.store.getPool('web', 'sim'))?.vcpus, 'the pool recorded');
  const pool = (await k.store.getPool('web', 'sim'))!;
  assert.deepEqual([pool.vcpus, pool.ramMb], [flavor.vcpus, flavor.ramMb]);
  assert.equal((await k.rows()).length, 0, 'without any instance');

  await k.store.upsertProfile({ ...k.profile, flavor: 'm9.gone' }, k.sim.clock.now());
  await k.until(async () => /flavor 'm9.gone'/.test((await k.store.getPool('web', 'sim'))?.reason ?? ''), 'the missing flavor seen');
  const after = (await k.store.getPool('web', 'sim'))!;
  assert.deepEqual([after.vcpus, after.ramMb], [flavor.vcpus, flavor.ramMb], 'the last known size');
  await k.close();
});

test('a profile whose image the cloud lacks boots nothing and says why', async () => {
  const k = await provisioningKit({ profile: { image: 'windows-2022' } });
  k.start();
  await k.sim.clock.advance(60_000);
  assert.equal((await k.rows()).length, 0);
  assert.match((await k.store.getPool('web', 'sim'))?.reason ?? '', /image 'windows-2022' does not exist/);
  await k.close();
});

test('a pool whose profile no longer names its cloud is drained: its ready instances deleted, a leased one kept', async () => {
  const k = await provisioningKit({ profile: { floatingIp: false, pool: { policy: 'static', m: 6, n: 3, min: 0, options: {}, maxAgeMs: 10 * DAY } } });
  k.start();
  await k.until(() => readyCount(k, 3), '3 ready instances');
  const held = await k.holdReady();
  await k.store.upsertProfile({ ...k.profile, clouds: ['elsewhere'] }, k.sim.clock.now());
  await k.until(async () => (await k.rows(['deleted'])).length === 2, 'the ready ones deleted');
  assert.equal((await k.servers()).length, 1);
  const rows = await k.rows();
  assert.deepEqual(rows.filter((r) => r.state !== 'deleted').map((r) => [r.id, r.state]), [[held.instance.id, 'leased']], 'the held VM stays its holder\'s');
  assert.ok((await k.events('web/sim')).includes('Drained'));
  await k.close();
});
