import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simKit, spec, until, statusOf } from './sim-test-kit.js';

test('a boot that no host can take is accepted, then goes to ERROR with "No valid host was found"', async () => {
  const kit = simKit({ availabilityZones: 1, hostsPerZone: 2, hostCapacity: { vcpus: 4, ramMb: 4096, diskGb: 100 } });
  const fits = await kit.driver.createServer(spec(kit, 'a')); // 2 GiB on h01
  const fits2 = await kit.driver.createServer(spec(kit, 'b')); // 2 GiB on h02 (spread)
  const fits3 = await kit.driver.createServer(spec(kit, 'c'));
  const fits4 = await kit.driver.createServer(spec(kit, 'd'));
  const tooMany = await kit.driver.createServer(spec(kit, 'e'));
  assert.equal(tooMany.status, 'BUILD', 'the API accepts it, as Nova does');
  const failed = await until(kit, () => {
    const s = kit.cloud.getServer(tooMany.id);
    return s?.status === 'ERROR' && s;
  }, 'ERROR');
  assert.match(failed.fault ?? '', /^No valid host was found/);
  assert.match(failed.fault ?? '', /RamFilter removed 2/);
  assert.equal(failed.host, null);
  const placed = [fits, fits2, fits3, fits4].map((s) => kit.cloud.getServer(s.id)!.host);
  assert.deepEqual(placed.sort(), ['az1-h01', 'az1-h01', 'az1-h02', 'az1-h02'], 'spread over both hosts');
  for (const h of kit.cloud.listHosts().hosts) assert.equal(h.used.ramMb, 4096);
  kit.cloud.close();
});


test('CPU overcommit and disabled hosts are honoured by the scheduler', async () => {
  const kit = simKit({ availabilityZones: 1, hostsPerZone: 2, hostCapacity: { vcpus: 1, ramMb: 1 << 20, diskGb: 10_000 } });
  await kit.driver.setServiceEnabled('az1-h02', false, 'maintenance');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await kit.driver.createServer(spec(kit, `o${i}`))).id);
  await until(kit, () => ids.every((id) => kit.cloud.getServer(id)!.taskState === null), 'settled');
  const statuses = ids.map((id) => kit.cloud.getServer(id)!);
  assert.deepEqual(statuses.map((s) => s.status), ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ERROR'], '1 vCPU x 4 overcommit = 4 small servers');
  assert.ok(statuses.slice(0, 4).every((s) => s.host === 'az1-h01'));
  assert.match(statuses[4]!.fault!, /ComputeFilter removed 1, CoreFilter removed 1/);
  kit.cloud.close();
});


test('transitions show Nova statuses while they run and complete on the clock', async () => {
  const kit = simKit({ latencies: { schedule: 100, boot: 1000, reboot: 2000, migrate: 3000 } });
  const s = await kit.driver.createServer(spec(kit));
  assert.deepEqual([s.status, s.taskState, s.host], ['BUILD', 'scheduling', null]);
  await kit.clock.advance(100);
  const spawning = kit.cloud.getServer(s.id)!;
  assert.deepEqual([spawning.status, spawning.taskState], ['BUILD', 'spawning']);
  assert.ok(spawning.host);
  await kit.clock.advance(1000);
  assert.equal(kit.cloud.getServer(s.id)!.status, 'ACTIVE');
  await kit.driver.rebootServer(s.id, 'soft');
  assert.deepEqual(statusOf(kit, s.id), ['REBOOT', 'reboot_started']);
  await kit.clock.advance(1999);
  assert.equal(kit.cloud.getServer(s.id)!.status, 'REBOOT');
  await kit.clock.advance(1);
  assert.deepEqual(statusOf(kit, s.id), ['ACTIVE', null]);
  const src = spawning.host!;
  const before = kit.cloud.getHost(src).used.vcpus;
  await kit.driver.liveMigrate(s.id);
  assert.deepEqual(statusOf(kit, s.id), ['MIGRATING', 'migrating']);
  await kit.clock.advance(3000);
  const moved = kit.cloud.getServer(s.id)!;
  assert.notEqual(moved.host, src);
  assert.equal(kit.cloud.getHost(src).used.vcpus, before - 1, 'usage left the source');
  assert.equal(kit.cloud.getHost(moved.host!).used.vcpus, 1, 'and arrived on the destination');
  kit.cloud.close();
});


test('host listings with a cursor return only hosts changed since', async () => {
  const kit = simKit();
  const first = kit.cloud.listHosts();
  assert.equal(first.full, true);
  assert.equal(first.hosts.length, 24);
  assert.equal(first.hosts[0]!.name, 'az1-h01');
  assert.equal(first.hosts.at(-1)!.name, 'az3-h08');
  const quiet = kit.cloud.listHosts(first.cursor);
  assert.deepEqual([quiet.full, quiet.hosts], [false, []]);
  kit.cloud.setServiceEnabled('az2-h03', false, 'drain');
  const changed = kit.cloud.listHosts(first.cursor);
  assert.deepEqual(changed.hosts.map((h) => h.name), ['az2-h03']);
  assert.deepEqual(kit.cloud.listHosts(changed.cursor).hosts, []);
  assert.equal(kit.cloud.listHosts('garbage').full, true, 'an unreadable cursor gives a full listing');
  kit.cloud.close();
});


test('changes-since leaves unchanged servers out', async () => {
  const kit = simKit();
  const a = await kit.driver.createServer(spec(kit, 'a'));
  const b = await kit.driver.createServer(spec(kit, 'b'));
  await until(kit, () => kit.cloud.listServers().servers.every((s) => s.status === 'ACTIVE'), 'ACTIVE');
  const mark = kit.cloud.listServers().cursor;
  kit.cloud.stopServer(a.id);
  const since = kit.cloud.listServers({ changesSince: mark }).servers.map((s) => s.id);
  assert.deepEqual(since, [a.id]);
  assert.ok(kit.cloud.listServers({ host: kit.cloud.getServer(b.id)!.host! }).servers.some((s) => s.id === b.id));
  kit.cloud.close();
});
