/**
 * What a pool pass reads of its pool without reading every instance: counts per state,
 * the ready instances it trims or replaces, the latest boot times, the leases still
 * waiting for a VM. The same cases on every engine.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import type { InstancePatch, PoolStateCount, Store } from './store.js';
import { forEachEngine, freshStore } from './testing/engine-suite.js';
import { lease } from './testing/leasing-fixtures.js';

/** An instance of pool redis/sim (unless `pool` says otherwise) written at `createdAt`, then patched. */
async function put(store: Store, id: string, patch: InstancePatch, createdAt = 10, pool = { profile: 'redis', cloud: 'sim' }): Promise<void> {
  await store.insertInstance({ id, ...pool, vcpus: 2, ramMb: 4096 }, createdAt);
  await store.updateInstance(id, patch, createdAt + 1);
}

const sorted = (counts: PoolStateCount[]) =>
  [...counts].sort((a, b) => a.state.localeCompare(b.state) || Number(a.withLease) - Number(b.withLease));

forEachEngine('pool instance queries', (engine) => {
  it('counts a pool per state, with and without a lease, leaving out deleting and deleted instances and other pools', async (t) => {
    const { store } = await freshStore(t, engine);
    await put(store, 'r1', { state: 'ready', readyAt: 20 });
    await put(store, 'r2', { state: 'ready', readyAt: 21 });
    await put(store, 'p1', {});
    await put(store, 'b1', { state: 'booting', leaseId: 'L1' });
    await put(store, 'b2', { state: 'booting' });
    await put(store, 'l1', { state: 'leased', leaseId: 'L2', readyAt: 22 });
    await put(store, 'l2', { state: 'leased', leaseId: 'L3', readyAt: 23 });
    await put(store, 'v1', { state: 'recovering' });
    await put(store, 'v2', { state: 'recovering', leaseId: 'L4' });
    await put(store, 's1', { state: 'stopped', leaseId: 'L5' });
    await put(store, 'f1', { state: 'failed' });
    await put(store, 'x1', { state: 'deleting', leaseId: 'L6' });
    await put(store, 'x2', { state: 'deleted' });
    await put(store, 'o1', { state: 'ready', readyAt: 20 }, 10, { profile: 'redis', cloud: 'west' });
    await put(store, 'o2', { state: 'ready', readyAt: 20 }, 10, { profile: 'etcd', cloud: 'sim' });

    assert.deepEqual(sorted(await store.poolStateCounts('redis', 'sim')), [
      { state: 'booting', withLease: false, count: 1 },
      { state: 'booting', withLease: true, count: 1 },
      { state: 'failed', withLease: false, count: 1 },
      { state: 'leased', withLease: true, count: 2 },
      { state: 'pending', withLease: false, count: 1 },
      { state: 'ready', withLease: false, count: 2 },
      { state: 'recovering', withLease: false, count: 1 },
      { state: 'recovering', withLease: true, count: 1 },
      { state: 'stopped', withLease: true, count: 1 },
    ]);
    assert.deepEqual(await store.poolStateCounts('redis', 'east'), [], 'a pool with no instances has no counts');
  });

  it('lists ready instances oldest first, narrowed to other builds or to an age, at most limit', async (t) => {
    const { store } = await freshStore(t, engine);
    await put(store, 'c', { state: 'ready', readyAt: 300, imageId: 'img-1', flavorId: 'flv-1' });
    await put(store, 'a', { state: 'ready', readyAt: 100, imageId: 'img-1', flavorId: 'flv-2' });
    await put(store, 'b2', { state: 'ready', readyAt: 200, imageId: 'img-0', flavorId: 'flv-1' });
    await put(store, 'b1', { state: 'ready', readyAt: 200, imageId: null, flavorId: null });
    await put(store, 'leased', { state: 'leased', leaseId: 'L1', readyAt: 50, imageId: 'img-0' });
    await put(store, 'booting', { state: 'booting', imageId: 'img-0' });
    await put(store, 'west', { state: 'ready', readyAt: 10, imageId: 'img-0' }, 10, { profile: 'redis', cloud: 'west' });

    const ids = async (q: Parameters<Store['readyInstances']>[2]) => (await store.readyInstances('redis', 'sim', q)).map((i) => i.id);
    assert.deepEqual(await ids({ limit: 10 }), ['a', 'b1', 'b2', 'c'], 'readyAt, then id; only ready ones of this pool');
    assert.deepEqual(await ids({ limit: 2 }), ['a', 'b1'], 'the oldest, when trimming two');
    assert.deepEqual(await ids({ limit: 10, imageNot: 'img-1' }), ['b2'], 'an instance with no image id is not judged on it');
    assert.deepEqual(await ids({ limit: 10, flavorNot: 'flv-1' }), ['a']);
    assert.deepEqual(await ids({ limit: 10, readyBefore: 200 }), ['a'], 'ready strictly before');
    assert.deepEqual(await ids({ limit: 10, readyBefore: 201 }), ['a', 'b1', 'b2']);
    const row = (await store.readyInstances('redis', 'sim', { limit: 1 }))[0];
    assert.deepEqual(row, await store.getInstance('a'), 'whole rows');
    await assert.rejects(store.readyInstances('redis', 'sim', { limit: 0 }), InputError);
  });

  it('gives the boot-to-ready times of the instances readied last, still alive, whatever their state', async (t) => {
    const { store } = await freshStore(t, engine);
    await put(store, 'old', { state: 'ready', readyAt: 100 }, 10);
    await put(store, 'leased', { state: 'leased', leaseId: 'L1', readyAt: 400 }, 300);
    await put(store, 'tie-b', { state: 'ready', readyAt: 300 }, 250);
    await put(store, 'tie-a', { state: 'ready', readyAt: 300 }, 250);
    await put(store, 'tie-0', { state: 'stopped', leaseId: 'L2', readyAt: 300 }, 200);
    await put(store, 'gone', { state: 'deleted', readyAt: 900 }, 800);
    await put(store, 'going', { state: 'deleting', readyAt: 800 }, 700);
    await put(store, 'booting', { state: 'booting' }, 500);
    await put(store, 'west', { state: 'ready', readyAt: 1000 }, 10, { profile: 'redis', cloud: 'west' });

    assert.deepEqual(await store.recentReadyTimes('redis', 'sim', 10), [
      { createdAt: 300, readyAt: 400 },
      { createdAt: 200, readyAt: 300 },
      { createdAt: 250, readyAt: 300 },
      { createdAt: 250, readyAt: 300 },
      { createdAt: 10, readyAt: 100 },
    ]);
    assert.deepEqual(await store.recentReadyTimes('redis', 'sim', 2), [
      { createdAt: 300, readyAt: 400 },
      { createdAt: 200, readyAt: 300 },
    ], 'ties on readyAt go by createdAt');
    assert.deepEqual(await store.recentReadyTimes('redis', 'east', 5), []);
    await assert.rejects(store.recentReadyTimes('redis', 'sim', 0), InputError);
  });

  it('lists the leases still waiting for a VM: none booting or booted for them, oldest first', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = (await store.createUser({ name: 'alice', role: 'user', project: 'qa', email: null }, 1)).id;
    const waiting = (id: string, createdAt: number, over: Parameters<typeof lease>[2] = {}) =>
      store.createLease(lease(id, alice, { createdAt, ...over }));
    await waiting('booting', 1);
    await put(store, 'i-booting', { state: 'booting', leaseId: 'booting' });
    await waiting('pending', 2);
    await put(store, 'i-pending', { leaseId: 'pending' });
    await waiting('handed', 3);
    await put(store, 'i-handed', { state: 'leased', leaseId: 'handed', readyAt: 30 });
    await waiting('repairing', 6);
    await put(store, 'i-repairing', { state: 'recovering', leaseId: 'repairing' });
    await waiting('failed-vm', 5);
    await put(store, 'i-failed', { state: 'deleting', leaseId: 'failed-vm' });
    await waiting('elsewhere', 4);
    await put(store, 'i-elsewhere', { state: 'booting', leaseId: 'elsewhere' }, 10, { profile: 'redis', cloud: 'west' });
    await waiting('plain-b', 7);
    await waiting('plain-a', 7);
    await waiting('has-instance', 8, { instanceId: 'i-x' });
    await waiting('active', 9, { state: 'active', instanceId: 'i-y', activeAt: 9 });
    await waiting('west', 10, { cloud: 'west' });

    assert.deepEqual(
      (await store.waitingLeases('redis', 'sim')).map((l) => l.id),
      ['elsewhere', 'failed-vm', 'repairing', 'plain-a', 'plain-b'],
    );
    assert.deepEqual((await store.waitingLeases('redis', 'west')).map((l) => l.id), ['west']);
  });
});
