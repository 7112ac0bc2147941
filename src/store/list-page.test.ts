/**
 * Reading by pages and by id lists: the same cases on every engine. What the API's paged
 * listings and its lease rendering rely on.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import type { InstanceState, LeaseState } from '../core/leasing/types.js';
import { IDS_PER_QUERY } from './instance-store.js';
import type { ListPosition, Store } from './store.js';
import { forEachEngine, freshStore } from './testing/engine-suite.js';
import { lease } from './testing/leasing-fixtures.js';

async function user(store: Store, name: string): Promise<string> {
  return (await store.createUser({ name, role: 'user', project: 'qa', email: null }, 1)).id;
}

/** Walks a listing page by page from the start; every page's ids, in order. */
async function walk<T extends ListPosition>(list: (after?: ListPosition) => Promise<T[]>): Promise<string[][]> {
  const pages: string[][] = [];
  let after: ListPosition | undefined;
  for (;;) {
    const page = await list(after);
    if (page.length === 0) return pages;
    pages.push(page.map((x) => x.id));
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

forEachEngine('store paging', (engine) => {
  it('getInstances reads any number of instances by id, in chunks, leaving out unknown ids and repeats', async (t) => {
    const { store } = await freshStore(t, engine);
    const count = IDS_PER_QUERY * 2 + 7;
    const ids = Array.from({ length: count }, (_, i) => `i-${String(i).padStart(5, '0')}`);
    for (const id of ids) await store.insertInstance({ id, cloud: 'sim', profile: 'redis', vcpus: 1, ramMb: 512 }, 5);
    await store.updateInstance(ids[3]!, { state: 'deleted' }, 6);

    const asked = [...ids, 'i-missing', ids[0]!, ids[count - 1]!];
    const got = await store.getInstances(asked);
    assert.deepEqual(got.map((i) => i.id).sort(), ids, 'each known id once, deleted ones included, across chunks');
    assert.equal(got.find((i) => i.id === ids[3])?.state, 'deleted');
    assert.deepEqual(got.find((i) => i.id === ids[1]), await store.getInstance(ids[1]!), 'whole rows, as getInstance reads them');
    assert.deepEqual(await store.getInstances([]), []);
    assert.deepEqual(await store.getInstances(['nope']), []);
  });

  it('pages through leases in (createdAt, id) order with filters: each lease once, ties on createdAt split correctly', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice');
    const bob = await user(store, 'bob');
    // Several leases per millisecond, ids not in creation order, two users, mixed states.
    for (let i = 0; i < 40; i++) {
      const id = `l-${String((i * 17) % 40).padStart(2, '0')}`;
      await store.createLease(lease(id, i % 3 === 0 ? bob : alice, { createdAt: 1000 + Math.floor(i / 4), state: i % 5 === 0 ? 'released' : 'active' }));
    }
    const every = (await store.listLeases()).map((l) => l.id);
    assert.equal(every.length, 40);
    const pages = await walk((after) => store.listLeases({ limit: 7, ...(after ? { after } : {}) }));
    assert.deepEqual(pages.map((p) => p.length), [7, 7, 7, 7, 7, 5]);
    assert.deepEqual(pages.flat(), every, 'the unpaged order, each lease exactly once');

    const alicesActive = (await store.listLeases({ userId: alice, states: ['active'] })).map((l) => l.id);
    const paged = await walk((after) => store.listLeases({ userId: alice, states: ['active'], limit: 4, ...(after ? { after } : {}) }));
    assert.deepEqual(paged.flat(), alicesActive);
    assert.ok(alicesActive.length > 8);
    // Several states: one page per state, merged in SQL; still one order across them.
    const twoStates = { states: ['released', 'active'] as LeaseState[] };
    const merged = await walk((after) => store.listLeases({ ...twoStates, limit: 3, ...(after ? { after } : {}) }));
    assert.ok(merged.every((p) => p.length <= 3));
    assert.deepEqual(merged.flat(), every);
    const alicesMerged = await walk((after) => store.listLeases({ ...twoStates, userId: alice, limit: 5, ...(after ? { after } : {}) }));
    assert.deepEqual(alicesMerged.flat(), (await store.listLeases({ userId: alice })).map((l) => l.id));

    // A position taken from another user's lease only says where to start: it never widens the filter.
    const bobs = await store.listLeases({ userId: bob });
    const fromBobs = await store.listLeases({ userId: alice, after: { createdAt: bobs[0]!.createdAt, id: bobs[0]!.id } });
    assert.ok(fromBobs.length > 0);
    assert.ok(fromBobs.every((l) => l.userId === alice));
  });

  it('pages through instances the same way, with their filters', async (t) => {
    const { store } = await freshStore(t, engine);
    for (let i = 0; i < 30; i++) {
      const id = `i-${String((i * 7) % 30).padStart(2, '0')}`;
      await store.insertInstance({ id, cloud: i % 2 ? 'sim' : 'lab', profile: 'redis', vcpus: 1, ramMb: 512 }, 100 + Math.floor(i / 3));
      if (i % 4 === 0) await store.updateInstance(id, { state: 'deleted' }, 200);
    }
    const live = (await store.listInstances({ cloud: 'sim', states: ['pending'] })).map((i) => i.id);
    assert.ok(live.length > 5);
    const pages = await walk((after) => store.listInstances({ cloud: 'sim', states: ['pending'], limit: 2, ...(after ? { after } : {}) }));
    assert.ok(pages.every((p) => p.length <= 2));
    assert.deepEqual(pages.flat(), live);
    const all = await walk((after) => store.listInstances({ limit: 11, ...(after ? { after } : {}) }));
    assert.deepEqual(all.flat(), (await store.listInstances()).map((i) => i.id));
    const states: InstanceState[] = ['deleted', 'pending', 'ready'];
    const merged = await walk((after) => store.listInstances({ states, profile: 'redis', limit: 4, ...(after ? { after } : {}) }));
    assert.deepEqual(merged.flat(), all.flat());
  });

  it('refuses a limit that is not a positive integer, naming it', async (t) => {
    const { store } = await freshStore(t, engine);
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(store.listLeases({ limit }), (e) => e instanceof InputError && e.field === 'limit');
      await assert.rejects(store.listInstances({ limit }), (e) => e instanceof InputError && e.field === 'limit');
    }
  });

  it('lists events before an id, newest first, for paging back through the log', async (t) => {
    const { store } = await freshStore(t, engine);
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await store.appendEvent({ at: i, level: 'info', kind: i % 2 ? 'lease' : 'host', subject: 's', reason: `R${i}`, message: 'm' })).id);
    const reasons = async (q: Parameters<Store['listEvents']>[0]) => (await store.listEvents(q)).map((e) => e.reason);
    assert.deepEqual(await reasons({ beforeId: ids[4], limit: 2 }), ['R3', 'R2']);
    assert.deepEqual(await reasons({ beforeId: ids[4], kind: 'lease' }), ['R3', 'R1']);
    assert.deepEqual(await reasons({ beforeId: ids[0] }), []);
  });
});
