import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simKit, spec, until, statusOf, assertRejectsKind } from './sim-test-kit.js';

test('power loss: servers still look ACTIVE, the service goes down after the timeout, guests come back stopped', async () => {
  const kit = simKit({ serviceDownTimeMs: 30_000 });
  const s = await kit.driver.createServer(spec(kit, 'victim', { host: 'az1-h01' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  assert.equal(kit.cloud.guestReachable(s.id), true);
  kit.cloud.faults.powerOff('az1-h01');
  let h = kit.cloud.getHost('az1-h01');
  assert.equal(h.power, 'off');
  assert.deepEqual(h.networks, { management: false, storage: false, tenant: false });
  assert.equal(h.service.state, 'up', 'Nova has not noticed yet');
  assert.equal(kit.cloud.getServer(s.id)!.status, 'ACTIVE', 'Nova still shows the server ACTIVE');
  assert.equal(kit.cloud.guestReachable(s.id), false);
  await kit.clock.advance(30_000);
  assert.equal(kit.cloud.getHost('az1-h01').service.state, 'up', 'not before the down time has passed');
  await kit.clock.advance(1);
  h = kit.cloud.getHost('az1-h01');
  assert.equal(h.service.state, 'down');
  assert.ok(h.service.heartbeatAgeS! > 30);
  await assertRejectsKind(kit.driver.stopServer(s.id), 'conflict'); // service unavailable
  kit.cloud.faults.powerOn('az1-h01');
  const back = await until(kit, () => {
    const x = kit.cloud.getServer(s.id)!;
    return x.status === 'SHUTOFF' && x;
  }, 'SHUTOFF after the host came back');
  assert.equal(back.host, 'az1-h01');
  assert.equal(kit.cloud.getHost('az1-h01').service.state, 'up');
  kit.cloud.close();
});


test('network loss flags the network; losing management silences the heartbeat', async () => {
  const kit = simKit();
  kit.cloud.faults.setNetwork('az1-h02', 'storage', false);
  let h = kit.cloud.getHost('az1-h02');
  assert.deepEqual(h.networks, { management: true, storage: false, tenant: true });
  await kit.clock.advance(60_000);
  assert.equal(kit.cloud.getHost('az1-h02').service.state, 'up', 'storage loss leaves the service up');
  kit.cloud.faults.setNetwork('az1-h02', 'management', false);
  await kit.clock.advance(31_000);
  h = kit.cloud.getHost('az1-h02');
  assert.equal(h.networks.management, false);
  assert.equal(h.service.state, 'down');
  kit.cloud.faults.setNetwork('az1-h02', 'management', true);
  assert.equal(kit.cloud.getHost('az1-h02').service.state, 'up', 'the next heartbeat brings it back');
  kit.cloud.close();
});


test('work sent to a crashed compute waits for it; evacuation needs the service down', async () => {
  const kit = simKit({ latencies: { stop: 1000 } });
  const s = await kit.driver.createServer(spec(kit, 'x', { host: 'az2-h01' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  kit.cloud.faults.crashService('az2-h01');
  await kit.driver.stopServer(s.id); // accepted: Nova still thinks the service is up
  await kit.clock.advance(10_000);
  assert.deepEqual(statusOf(kit, s.id), ['ACTIVE', 'powering-off'], 'stuck while the compute is dead');
  await assertRejectsKind(kit.driver.evacuate(s.id), 'conflict');
  kit.cloud.faults.restoreService('az2-h01');
  await kit.clock.settle();
  assert.deepEqual(statusOf(kit, s.id), ['SHUTOFF', null], 'completes once the compute returns');
  kit.cloud.close();
});


test('evacuation rebuilds a stopped server elsewhere, stopped; no host leaves it in ERROR', async () => {
  const kit = simKit({ availabilityZones: 1, hostsPerZone: 2 });
  const s = await kit.driver.createServer(spec(kit, 'x', { host: 'az1-h01' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  kit.cloud.stopServer(s.id);
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'SHUTOFF', 'SHUTOFF');
  kit.cloud.faults.powerOff('az1-h01');
  kit.cloud.setServiceForcedDown('az1-h01', true);
  kit.cloud.evacuate(s.id);
  const moved = await until(kit, () => {
    const x = kit.cloud.getServer(s.id)!;
    return x.taskState === null && x.host !== 'az1-h01' && x;
  }, 'evacuated');
  assert.deepEqual([moved.status, moved.host], ['SHUTOFF', 'az1-h02']);
  assert.equal(kit.cloud.getHost('az1-h01').used.vcpus, 0);
  kit.cloud.faults.powerOff('az1-h02');
  kit.cloud.setServiceForcedDown('az1-h02', true);
  kit.cloud.evacuate(s.id);
  const stuck = await until(kit, () => {
    const x = kit.cloud.getServer(s.id)!;
    return x.status === 'ERROR' && x;
  }, 'ERROR');
  assert.match(stuck.fault!, /No valid host was found/);
  kit.cloud.close();
});


test('forceServerError, then a hard reboot recovers the server', async () => {
  const kit = simKit();
  const s = await kit.driver.createServer(spec(kit));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  kit.cloud.faults.forceServerError(s.id, 'disk on fire');
  assert.deepEqual([kit.cloud.getServer(s.id)!.status, kit.cloud.getServer(s.id)!.fault], ['ERROR', 'disk on fire']);
  await assertRejectsKind(kit.driver.rebootServer(s.id, 'soft'), 'conflict');
  await kit.driver.rebootServer(s.id, 'hard');
  const ok = await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE' && kit.cloud.getServer(s.id)!, 'ACTIVE');
  assert.equal(ok.fault, null);
  kit.cloud.close();
});


test('load follows servers: per-server utilisation and host base load', async () => {
  const kit = simKit({ availabilityZones: 1, hostsPerZone: 2, serverCpuUtil: 0 });
  const s = await kit.driver.createServer(spec(kit, 'busy', { host: 'az1-h01', flavorId: '5' })); // 8 vCPU
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  kit.cloud.faults.setServerLoad(s.id, 1);
  kit.cloud.faults.setHostLoad('az1-h02', 0.1);
  assert.equal(kit.cloud.getHost('az1-h01').load.cpu, 8 / 64);
  assert.equal(kit.cloud.getHost('az1-h02').load.cpu, 0.1);
  kit.cloud.liveMigrate(s.id, 'az1-h02');
  await until(kit, () => kit.cloud.getServer(s.id)!.host === 'az1-h02', 'migrated');
  assert.equal(kit.cloud.getHost('az1-h01').load.cpu, 0);
  assert.equal(kit.cloud.getHost('az1-h02').load.cpu, 0.1 + 8 / 64);
  kit.cloud.close();
});


test('the admin password is kept (and checkable) but never shown; user-data is kept', async () => {
  const kit = simKit();
  const s = await kit.driver.createServer(spec(kit, 'pw', { adminPass: 'first-secret', userData: '#cloud-config\n' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  assert.equal(kit.cloud.passwordMatches(s.id, 'first-secret'), true);
  await kit.driver.changePassword(s.id, 'second-secret');
  assert.equal(kit.cloud.passwordMatches(s.id, 'second-secret'), true);
  assert.ok(!JSON.stringify(await kit.driver.getServer(s.id)).includes('secret'));
  assert.equal(kit.cloud.userData(s.id), '#cloud-config\n');
  kit.cloud.close();
});

test('delete on a host whose service is down is immediate (local delete) and frees the floating IP', async () => {
  const kit = simKit();
  const s = await kit.driver.createServer(spec(kit, 'doomed', { host: 'az3-h02' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  const fip = await kit.driver.allocateFloatingIp();
  await kit.driver.associateFloatingIp(fip.id, s.id);
  kit.cloud.faults.powerOff('az3-h02');
  kit.cloud.setServiceForcedDown('az3-h02', true);
  await kit.driver.deleteServer(s.id);
  assert.equal(kit.cloud.getServer(s.id), null);
  assert.equal(kit.cloud.getHost('az3-h02').servers, 0);
  assert.equal((await kit.driver.listFloatingIps())[0]!.serverId, null);
  kit.cloud.close();
});

test('a live migration whose destination loses power fails back to the source', async () => {
  const kit = simKit({ latencies: { migrate: 60_000 } });
  const s = await kit.driver.createServer(spec(kit, 'mover', { host: 'az1-h01' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  await kit.driver.liveMigrate(s.id, 'az1-h02');
  assert.equal(kit.cloud.getHost('az1-h02').used.vcpus, 1, 'the destination is claimed at once');
  await kit.clock.advance(1000);
  kit.cloud.faults.powerOff('az1-h02');
  assert.deepEqual(statusOf(kit, s.id), ['ACTIVE', null]);
  assert.equal(kit.cloud.getServer(s.id)!.host, 'az1-h01');
  assert.equal(kit.cloud.getHost('az1-h02').used.vcpus, 0, 'the claim is released');
  assert.ok(kit.cloud.events().some((e) => e.kind === 'liveMigrate-failed' && e.serverId === s.id));
  kit.cloud.close();
});

test('a build interrupted by a power cut ends in ERROR when the host returns', async () => {
  const kit = simKit({ latencies: { schedule: 100, boot: 60_000 } });
  const s = await kit.driver.createServer(spec(kit, 'unlucky', { host: 'az2-h05' }));
  await kit.clock.advance(1000);
  kit.cloud.faults.powerOff('az2-h05');
  await kit.clock.advance(120_000);
  assert.deepEqual(statusOf(kit, s.id), ['BUILD', 'spawning'], 'stuck while the host is off');
  kit.cloud.faults.powerOn('az2-h05');
  const failed = await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ERROR' && kit.cloud.getServer(s.id)!, 'ERROR');
  assert.match(failed.fault!, /lost power/);
  kit.cloud.close();
});

test('a refused evacuation changes nothing; a stuck task on the dead source is dropped by one that is accepted', async () => {
  const kit = simKit({ latencies: { reboot: 5000 } });
  const s = await kit.driver.createServer(spec(kit, 'stuck', { host: 'az1-h04' }));
  await until(kit, () => kit.cloud.getServer(s.id)!.status === 'ACTIVE', 'ACTIVE');
  kit.cloud.faults.crashService('az1-h04');
  await kit.driver.rebootServer(s.id, 'soft'); // accepted, never finishes while the compute is dead
  kit.cloud.setServiceForcedDown('az1-h04', true);
  await assertRejectsKind(kit.driver.evacuate(s.id, 'no-such-host'), 'not-found');
  assert.deepEqual(statusOf(kit, s.id), ['REBOOT', 'reboot_started'], 'the refused call left the task alone');
  await kit.driver.evacuate(s.id);
  const moved = await until(kit, () => {
    const x = kit.cloud.getServer(s.id)!;
    return x.taskState === null && x.host !== 'az1-h04' && x;
  }, 'evacuated');
  assert.equal(moved.status, 'ACTIVE');
  kit.cloud.close();
});
