import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simKit } from '../../drivers/sim/sim-test-kit.js';
import { openStore } from '../../store/open-store.js';
import { ControllerRunner } from '../runtime/controller-runner.js';
import { HostSyncController } from './host-sync-controller.js';

async function setup() {
  const kit = simKit({ availabilityZones: 2, hostsPerZone: 3 });
  const store = await openStore(':memory:');
  await store.upsertCloud({ name: 'sim', kind: 'sim', description: 'test' });
  const controller = new HostSyncController(store, new Map([['sim', kit.driver]]), { intervalMs: 10_000 });
  const runner = new ControllerRunner(controller, { clock: kit.clock });
  return { kit, store, runner, close: async () => (await runner.stop(), await store.close(), await kit.fixture.close?.()) };
}

test('host sync fills the store with every host of the cloud and marks it synced', async () => {
  const s = await setup();
  s.runner.start();
  await s.kit.clock.advance(1_000);
  const hosts = await s.store.listHosts({ cloud: 'sim' });
  assert.equal(hosts.length, 6);
  assert.deepEqual(new Set(hosts.map((h) => h.availabilityZone)), new Set(['az1', 'az2']));
  const cloud = await s.store.getCloud('sim');
  assert.ok(cloud?.syncedAt);
  assert.equal(cloud?.lastError, null);
  await s.close();
});

test('a host that loses power shows down in the store, with events for each transition', async () => {
  const s = await setup();
  s.runner.start();
  await s.kit.clock.advance(1_000);
  s.kit.cloud.faults.powerOff('az1-h02');
  await s.kit.clock.advance(120_000);
  const host = await s.store.getHost('sim/az1-h02');
  assert.equal(host?.power, 'off');
  assert.equal(host?.service.state, 'down');
  const reasons = (await s.store.listEvents({ subject: 'sim/az1-h02' })).map((e) => e.reason);
  assert.ok(reasons.includes('PowerOff'), `events: ${reasons}`);
  assert.ok(reasons.includes('ServiceDown'), `events: ${reasons}`);
  const other = await s.store.getHost('sim/az1-h01');
  assert.equal(other?.service.state, 'up');
  await s.close();
});

test('usage follows servers booted in the cloud', async () => {
  const s = await setup();
  s.runner.start();
  const { boot } = s.kit.fixture;
  for (let i = 0; i < 4; i++) {
    await s.kit.driver.createServer({ name: `vm${i}`, ...boot, metadata: {} });
  }
  await s.kit.clock.advance(60_000);
  const hosts = await s.store.listHosts({ cloud: 'sim' });
  assert.equal(hosts.reduce((n, h) => n + h.servers, 0), 4);
  assert.ok(hosts.reduce((n, h) => n + h.used.vcpus, 0) > 0);
  await s.close();
});

test('a failing cloud is recorded with its error and retried until it answers', async () => {
  const s = await setup();
  s.kit.cloud.faults.setApiFaults({ errorRate: 1 });
  s.runner.start();
  await s.kit.clock.advance(5_000);
  assert.match((await s.store.getCloud('sim'))?.lastError ?? '', /./);
  assert.equal((await s.store.listHosts()).length, 0);
  s.kit.cloud.faults.setApiFaults({ errorRate: 0 });
  await s.kit.clock.advance(600_000);
  assert.equal((await s.store.getCloud('sim'))?.lastError, null);
  assert.equal((await s.store.listHosts()).length, 6);
  await s.close();
});
