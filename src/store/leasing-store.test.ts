/**
 * The leasing store (profiles, instances, leases, pools, requests, quotas, the
 * notification outbox): the same cases on every engine. Concurrency cases are in
 * leasing-concurrency.test.ts.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, InputError, NotFoundError } from '../core/errors.js';
import type { LeaseState } from '../core/leasing/types.js';
import { REQUEST_RETENTION_MS, type Store } from './store.js';
import { forEachEngine, freshStore } from './testing/engine-suite.js';
import { lease, profile, readyInstances } from './testing/leasing-fixtures.js';

async function user(store: Store, name: string, project = 'qa'): Promise<string> {
  return (await store.createUser({ name, role: 'user', project, email: null }, 1)).id;
}

forEachEngine('leasing store', (engine) => {
  it('upserts profiles: created, unchanged whatever the key order, updated; lists by name', async (t) => {
    const { store } = await freshStore(t, engine);
    const redis = profile('redis');
    assert.equal(await store.upsertProfile(redis, 1), 'created');
    assert.equal(await store.upsertProfile(redis, 2), 'unchanged');
    const reordered = Object.fromEntries(Object.entries(redis).reverse()) as typeof redis;
    reordered.pool = Object.fromEntries(Object.entries(redis.pool).reverse()) as typeof redis.pool;
    assert.equal(await store.upsertProfile(reordered, 3), 'unchanged', 'key order is not a change');

    const bigger = profile('redis', { flavor: 'm1.xlarge', pool: { ...redis.pool, options: { threshold: 20, growth: [1.5, 2] } } });
    assert.equal(await store.upsertProfile(bigger, 4), 'updated');
    assert.deepEqual(await store.getProfile('redis'), bigger);
    assert.equal(await store.getProfile('nope'), null);

    await store.upsertProfile(profile('etcd'), 5);
    assert.deepEqual((await store.listProfiles()).map((p) => p.name), ['etcd', 'redis']);
    await assert.rejects(store.upsertProfile(profile('a/b'), 6), InputError);
    await assert.rejects(store.upsertProfile(profile(''), 6), InputError);
  });

  it('deletes a profile and its pool row, but not while it has live leases', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice');
    await store.upsertProfile(profile('redis'), 1);
    await store.savePool({ profile: 'redis', cloud: 'sim', policyState: { factor: 1 }, target: 2, m: 10, n: 4, reason: 'r', vcpus: 2, ramMb: 4096, updatedAt: 1 });
    await store.createLease(lease('l1', alice, { state: 'active' }));

    await assert.rejects(store.deleteProfile('redis'), ConflictError);
    assert.ok(await store.getProfile('redis'), 'a refused delete leaves the profile');

    await store.updateLease('l1', { state: 'released', endedAt: 5 }, 5);
    await store.deleteProfile('redis');
    assert.equal(await store.getProfile('redis'), null);
    assert.equal(await store.getPool('redis', 'sim'), null);
    assert.equal((await store.getLease('l1'))?.profile, 'redis', 'lease history stays');
    await assert.rejects(store.deleteProfile('redis'), NotFoundError);
  });

  it('writes an instance intent row, then updates it by compare-and-swap', async (t) => {
    const { store } = await freshStore(t, engine);
    const created = await store.insertInstance({ id: 'i1', cloud: 'sim', profile: 'redis', vcpus: 8, ramMb: 16384 }, 10);
    assert.deepEqual(created, {
      id: 'i1', cloud: 'sim', profile: 'redis', state: 'pending', serverId: null, step: null, imageId: null,
      flavorId: null, vcpus: 8, ramMb: 16384, host: null, addresses: [], floatingIpId: null, password: null,
      leaseId: null, attempts: 0, lastError: null, createdAt: 10, readyAt: null, updatedAt: 10,
    });
    assert.deepEqual(await store.getInstance('i1'), created);
    await assert.rejects(store.insertInstance({ id: 'i1', cloud: 'sim', profile: 'redis', vcpus: 1, ramMb: 1 }, 11), ConflictError);

    const addresses = [
      { network: 'tenant', ip: '10.0.0.5', type: 'fixed' as const },
      { network: 'tenant', ip: '203.0.113.9', type: 'floating' as const },
    ];
    const booted = await store.updateInstance('i1', { state: 'booting', serverId: 'srv-1', step: 'boot' }, 20, ['pending']);
    assert.equal(booted?.state, 'booting');
    assert.equal(booted?.updatedAt, 20);

    assert.equal(await store.updateInstance('i1', { state: 'failed' }, 30, ['pending']), null, 'state no longer pending');
    assert.equal((await store.getInstance('i1'))?.state, 'booting', 'a failed CAS changes nothing');
    assert.equal((await store.getInstance('i1'))?.updatedAt, 20);
    assert.equal(await store.updateInstance('i1', { state: 'failed' }, 30, []), null, 'empty expectState matches nothing');
    assert.equal(await store.updateInstance('nope', { state: 'failed' }, 30), null);

    const ready = await store.updateInstance(
      'i1',
      { state: 'ready', step: null, addresses, floatingIpId: 'fip-1', password: 's3cret', host: 'h1', imageId: 'img', flavorId: 'flv', readyAt: 40 },
      40,
      ['booting', 'configuring'],
    );
    assert.deepEqual(await store.getInstance('i1'), ready);
    assert.deepEqual(ready?.addresses, addresses);
    assert.equal(ready?.serverId, 'srv-1', 'fields left out of the patch keep their value');
    assert.equal(ready?.createdAt, 10);

    // A caller spreading a whole record must not rewrite identity or creation time.
    const spread = { ...ready, id: 'other', createdAt: 999, updatedAt: 999, attempts: 2 } as never;
    const after = await store.updateInstance('i1', spread, 50);
    assert.equal(after?.id, 'i1');
    assert.equal(after?.createdAt, 10);
    assert.equal(after?.updatedAt, 50);
    assert.equal(after?.attempts, 2);
  });

  it('lists instances by cloud, profile, states, server and lease', async (t) => {
    const { store } = await freshStore(t, engine);
    await store.insertInstance({ id: 'a', cloud: 'sim', profile: 'redis', vcpus: 1, ramMb: 1 }, 1);
    await store.insertInstance({ id: 'b', cloud: 'sim', profile: 'etcd', vcpus: 1, ramMb: 1 }, 2);
    await store.insertInstance({ id: 'c', cloud: 'west', profile: 'redis', vcpus: 1, ramMb: 1, leaseId: 'l9' }, 3);
    await store.updateInstance('b', { state: 'ready', serverId: 'srv-b' }, 4);

    const ids = async (q?: Parameters<Store['listInstances']>[0]) => (await store.listInstances(q)).map((i) => i.id);
    assert.deepEqual(await ids(), ['a', 'b', 'c']);
    assert.deepEqual(await ids({ cloud: 'sim' }), ['a', 'b']);
    assert.deepEqual(await ids({ profile: 'redis' }), ['a', 'c']);
    assert.deepEqual(await ids({ states: ['ready', 'leased'] }), ['b']);
    assert.deepEqual(await ids({ states: [] }), []);
    assert.deepEqual(await ids({ serverId: 'srv-b' }), ['b']);
    assert.deepEqual(await ids({ leaseId: 'l9' }), ['c']);
    assert.equal((await store.getInstance('c'))?.leaseId, 'l9');
  });

  it('claims the oldest ready instance of the right pool, then none', async (t) => {
    const { store } = await freshStore(t, engine);
    await readyInstances(store, { profile: 'redis', cloud: 'west' }, 2, 'west');
    await readyInstances(store, { profile: 'etcd', cloud: 'sim' }, 2, 'etcd');
    const [older, newer] = await readyInstances(store, { profile: 'redis', cloud: 'sim' }, 2, 'r', 500);
    await store.insertInstance({ id: 'booting', cloud: 'sim', profile: 'redis', vcpus: 2, ramMb: 4096 }, 1);

    const first = await store.claimReadyInstance('redis', 'sim', 'lease-1', 900);
    assert.equal(first?.id, older);
    assert.equal(first?.state, 'leased');
    assert.equal(first?.leaseId, 'lease-1');
    assert.equal(first?.updatedAt, 900);
    assert.equal((await store.claimReadyInstance('redis', 'sim', 'lease-2', 901))?.id, newer);
    assert.equal(await store.claimReadyInstance('redis', 'sim', 'lease-3', 902), null);
    assert.equal((await store.listInstances({ states: ['ready'] })).length, 4, 'other pools untouched');
  });

  it('counts instances per pool by state group, leaving out deleting and deleted', async (t) => {
    const { store } = await freshStore(t, engine);
    const states = ['pending', 'booting', 'configuring', 'ready', 'ready', 'leased', 'stopped', 'recovering', 'failed', 'deleting', 'deleted'] as const;
    let n = 0;
    for (const state of states) {
      const id = `i${n++}`;
      await store.insertInstance({ id, cloud: 'sim', profile: 'redis', vcpus: 1, ramMb: 1 }, n);
      await store.updateInstance(id, { state }, n);
    }
    await readyInstances(store, { profile: 'redis', cloud: 'west' }, 3, 'w');
    await readyInstances(store, { profile: 'etcd', cloud: 'sim' }, 1, 'e');
    await store.insertInstance({ id: 'gone', cloud: 'east', profile: 'redis', vcpus: 1, ramMb: 1 }, 1);
    await store.updateInstance('gone', { state: 'deleted' }, 2);

    const zero = { provisioning: 0, ready: 0, leased: 0, stopped: 0, recovering: 0, failed: 0 };
    assert.deepEqual(await store.poolCounts(), [
      { profile: 'etcd', cloud: 'sim', ...zero, ready: 1 },
      { profile: 'redis', cloud: 'sim', provisioning: 3, ready: 2, leased: 1, stopped: 1, recovering: 1, failed: 1 },
      { profile: 'redis', cloud: 'west', ...zero, ready: 3 },
    ]);
    assert.deepEqual((await store.poolCounts({ cloud: 'sim' })).map((p) => p.profile), ['etcd', 'redis']);
    assert.deepEqual(await store.poolCounts({ profile: 'redis', cloud: 'west' }), [{ profile: 'redis', cloud: 'west', ...zero, ready: 3 }]);
    assert.deepEqual(await store.poolCounts({ cloud: 'east' }), []);
  });

  it('creates leases idempotently per (user, key); reads them back whole', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice');
    const bob = await user(store, 'bob');

    const first = await store.createLease(lease('l1', alice, { idempotencyKey: 'k', fromPool: true, instanceId: 'i1', state: 'active', activeAt: 1_000 }));
    assert.equal(first.created, true);
    assert.deepEqual(first.lease, {
      id: 'l1', userId: alice, project: 'qa', profile: 'redis', cloud: 'sim', instanceId: 'i1', state: 'active',
      purpose: 'tests', importance: 1, fromPool: true, vcpus: 8, ramMb: 16384, createdAt: 1_000, activeAt: 1_000,
      expiresAt: 1_000 + 86_400_000, graceEndsAt: null, renewals: 0, warnedOffsets: [], endedAt: null, replacedAt: null,
      idempotencyKey: 'k', updatedAt: 1_000, version: 0,
    });
    assert.deepEqual(await store.getLease('l1'), first.lease);

    const retry = await store.createLease(lease('l2', alice, { idempotencyKey: 'k', purpose: 'different' }));
    assert.deepEqual(retry, { lease: first.lease, created: false }, 'same key: the first lease, unchanged');
    assert.equal(await store.getLease('l2'), null);
    const sameId = await store.createLease(lease('l1', alice, { idempotencyKey: 'k' }));
    assert.deepEqual(sameId, { lease: first.lease, created: false }, 'a plain retry of the same request');

    const bobs = await store.createLease(lease('l3', bob, { idempotencyKey: 'k' }));
    assert.equal(bobs.created, true, 'keys are per user');
    assert.deepEqual(await store.getLeaseByKey(bob, 'k'), bobs.lease);
    assert.deepEqual(await store.getLeaseByKey(alice, 'k'), first.lease);
    assert.equal(await store.getLeaseByKey(alice, 'other'), null);

    await assert.rejects(store.createLease(lease('l1', alice, { idempotencyKey: 'another' })), ConflictError);
    await assert.rejects(store.createLease(lease('l4', 'no-such-user')), NotFoundError);
  });

  it('updates leases by compare-and-swap; lists and finds the next waiting one', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice');
    await store.createLease(lease('w2', alice, { createdAt: 20, expiresAt: 5_000 }));
    await store.createLease(lease('w1', alice, { createdAt: 10, expiresAt: 9_000 }));
    await store.createLease(lease('other', alice, { createdAt: 5, cloud: 'west', expiresAt: 3_000 }));
    await store.createLease(lease('a1', alice, { createdAt: 1, state: 'active', instanceId: 'i1', expiresAt: 2_000 }));

    assert.equal((await store.nextWaitingLease('redis', 'sim'))?.id, 'w1', 'oldest first');
    const renewed = await store.updateLease('a1', { expiresAt: 4_000, renewals: 1, warnedOffsets: [3_600_000] }, 50, ['active', 'grace']);
    assert.deepEqual(
      [renewed?.expiresAt, renewed?.renewals, renewed?.warnedOffsets, renewed?.updatedAt],
      [4_000, 1, [3_600_000], 50],
    );
    assert.deepEqual(await store.getLease('a1'), renewed);
    assert.equal(await store.updateLease('a1', { state: 'active' }, 60, ['provisioning']), null);
    assert.equal((await store.getLease('a1'))?.updatedAt, 50, 'a failed CAS changes nothing');

    await store.updateLease('w1', { instanceId: 'i2', state: 'active', activeAt: 70, fromPool: false }, 70, ['provisioning']);
    assert.equal((await store.nextWaitingLease('redis', 'sim'))?.id, 'w2');
    await store.updateLease('w2', { instanceId: 'i3' }, 71);
    assert.equal(await store.nextWaitingLease('redis', 'sim'), null, 'a provisioning lease with an instance is not waiting');

    const ids = async (q?: Parameters<Store['listLeases']>[0]) => (await store.listLeases(q)).map((l) => l.id);
    assert.deepEqual(await ids(), ['a1', 'other', 'w1', 'w2']);
    assert.deepEqual(await ids({ cloud: 'west' }), ['other']);
    assert.deepEqual(await ids({ states: ['active'] }), ['a1', 'w1']);
    assert.deepEqual(await ids({ states: ['active'], expiresBefore: 4_000 }), ['a1']);
    assert.deepEqual(await ids({ userId: alice, profile: 'redis', cloud: 'sim', states: ['provisioning'] }), ['w2']);
    assert.deepEqual(await ids({ states: [] }), []);
  });

  it('updates a lease only at the version it was read at; every update bumps the version', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice');
    const { lease: created } = await store.createLease(lease('l1', alice, { state: 'active', instanceId: 'i1', activeAt: 1_000 }));
    assert.equal(created.version, 0);

    // The lease controller reads the lease to decide on a warning; a renewal lands first.
    const read = (await store.getLease('l1'))!;
    const renewed = await store.updateLease('l1', { expiresAt: 9_000_000, renewals: 1, warnedOffsets: [] }, 2_000, ['active'], read.version);
    assert.equal(renewed?.version, 1);
    // The warning, written in the same millisecond from the stale read, loses; the state alone would have let it through.
    const warned = await store.updateLease('l1', { warnedOffsets: [3_600_000] }, 2_000, ['active'], read.version);
    assert.equal(warned, null, 'a write from a stale read loses');
    assert.deepEqual(await store.getLease('l1'), renewed, 'and changes nothing');

    assert.equal(await store.updateLease('l1', { warnedOffsets: [1] }, 3_000, ['grace'], 1), null, 'the state must match as well');
    const again = await store.updateLease('l1', { warnedOffsets: [3_600_000] }, 3_000, ['active'], 1);
    assert.deepEqual([again?.warnedOffsets, again?.version], [[3_600_000], 2], 'a write from a fresh read applies');
    const unchecked = await store.updateLease('l1', { purpose: 'other' }, 4_000);
    assert.equal(unchecked?.version, 3, 'unchecked writes bump the version too');
    assert.equal(await store.updateLease('l1', { purpose: 'x' }, 5_000, undefined, 2), null, 'a version alone is a check');
  });

  it('sums usage of live leases per user and per project', async (t) => {
    const { store } = await freshStore(t, engine);
    const alice = await user(store, 'alice', 'qa');
    const bob = await user(store, 'bob', 'qa');
    const carol = await user(store, 'carol', 'dev');
    const mk = (id: string, u: string, project: string, state: LeaseState, vcpus: number, ramMb: number) =>
      store.createLease(lease(id, u, { project, state, vcpus, ramMb }));
    await mk('1', alice, 'qa', 'provisioning', 2, 4096);
    await mk('2', alice, 'qa', 'active', 8, 16384);
    await mk('3', alice, 'qa', 'grace', 4, 8192);
    await mk('4', alice, 'qa', 'released', 64, 65536);
    await mk('5', alice, 'qa', 'expired', 64, 65536);
    await mk('6', alice, 'qa', 'failed', 64, 65536);
    await mk('7', bob, 'qa', 'active', 1, 1024);
    await mk('8', carol, 'dev', 'active', 16, 32768);

    assert.deepEqual(await store.usage('user', alice), { instances: 3, vcpus: 14, ramMb: 28672 });
    assert.deepEqual(await store.usage('project', 'qa'), { instances: 4, vcpus: 15, ramMb: 29696 });
    assert.deepEqual(await store.usage('project', 'dev'), { instances: 1, vcpus: 16, ramMb: 32768 });
    assert.deepEqual(await store.usage('user', 'nobody'), { instances: 0, vcpus: 0, ramMb: 0 });
    assert.deepEqual(await store.usage('user', 'alice'), { instances: 0, vcpus: 0, ramMb: 0 }, 'users by id, not name');
  });

  it('sets, replaces and reads quotas per scope', async (t) => {
    const { store } = await freshStore(t, engine);
    assert.equal(await store.getQuota('user', 'u1'), null);
    await store.setQuota('user', 'u1', { instances: 5, vcpus: null, ramMb: 65536 });
    await store.setQuota('project', 'u1', { instances: 50, vcpus: 200, ramMb: null });
    assert.deepEqual(await store.getQuota('user', 'u1'), { instances: 5, vcpus: null, ramMb: 65536 });
    assert.deepEqual(await store.getQuota('project', 'u1'), { instances: 50, vcpus: 200, ramMb: null });
    await store.setQuota('user', 'u1', { instances: null, vcpus: 16, ramMb: null });
    assert.deepEqual(await store.getQuota('user', 'u1'), { instances: null, vcpus: 16, ramMb: null });
    await assert.rejects(store.setQuota('team' as never, 'x', { instances: 1, vcpus: 1, ramMb: 1 }), InputError);
  });

  it('keeps pool state as JSON, replaced on save', async (t) => {
    const { store } = await freshStore(t, engine);
    assert.equal(await store.getPool('redis', 'sim'), null);
    const pool = {
      profile: 'redis', cloud: 'sim', policyState: { factor: 1.5, since: 1_234, hist: [1, 2] }, target: 6, m: 15, n: 6, reason: 'burst',
      vcpus: 8, ramMb: 16384, updatedAt: 10,
    };
    await store.savePool(pool);
    assert.deepEqual(await store.getPool('redis', 'sim'), pool);
    const calmer = { ...pool, policyState: null, target: 4, m: 10, n: 4, reason: 'calm', vcpus: null, ramMb: null, updatedAt: 20 };
    await store.savePool(calmer);
    assert.deepEqual(await store.getPool('redis', 'sim'), calmer);
    assert.equal(await store.getPool('redis', 'west'), null);
  });

  it('records requests per pool, reads them since a time, and prunes old ones', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const day = 86_400_000;
    const t0 = 100 * day;
    await store.recordRequest('redis', 'sim', t0, true);
    await store.recordRequest('redis', 'sim', t0 + 30, false);
    await store.recordRequest('redis', 'sim', t0 + 10, true);
    await store.recordRequest('redis', 'west', t0 + 20, false);
    await store.recordRequest('etcd', 'sim', t0 + 20, true);

    assert.deepEqual(await store.requestsSince('redis', 'sim', t0), { times: [t0, t0 + 10, t0 + 30], hits: 2 });
    assert.deepEqual(await store.requestsSince('redis', 'sim', t0 + 10), { times: [t0 + 10, t0 + 30], hits: 1 });
    assert.deepEqual(await store.requestsSince('redis', 'west', 0), { times: [t0 + 20], hits: 0 });
    assert.deepEqual(await store.requestsSince('redis', 'east', 0), { times: [], hits: 0 });

    const later = t0 + 10 + REQUEST_RETENTION_MS + 1;
    await store.recordRequest('redis', 'sim', later, false);
    assert.deepEqual(await store.requestsSince('redis', 'sim', 0), { times: [t0 + 30, later], hits: 0 }, 'older than the retention: gone');
    assert.equal((await db.rawRows('pool_requests')).length, 4, "other pools' rows are left to their own pruning");
  });

  it('queues notifications: due by time, marked sent or retried later', async (t) => {
    const { store } = await freshStore(t, engine);
    const base = { userId: 'u1', subject: 'Lease l1 expires in 1 h', body: 'Renew it or lose it.' };
    const a = await store.enqueueNotification({ ...base, kind: 'lease.expiring', data: { leaseId: 'l1', offsets: [1, 2] }, createdAt: 100 });
    assert.deepEqual(a, { id: a.id, ...base, kind: 'lease.expiring', data: { leaseId: 'l1', offsets: [1, 2] }, createdAt: 100, attempts: 0, nextAttemptAt: 100, sentAt: null, lastError: null });
    const b = await store.enqueueNotification({ ...base, kind: 'lease.stopped', data: {}, createdAt: 200 });
    const c = await store.enqueueNotification({ ...base, kind: 'lease.ready', data: {}, createdAt: 300 });

    const kinds = async (now: number, limit = 10) => (await store.dueNotifications(now, limit)).map((n) => n.kind);
    assert.deepEqual(await kinds(99), []);
    assert.deepEqual(await kinds(250), ['lease.expiring', 'lease.stopped']);
    assert.deepEqual(await kinds(1_000, 2), ['lease.expiring', 'lease.stopped'], 'oldest due first');

    await store.markNotification(a.id, { sentAt: 400 });
    await store.markNotification(b.id, { error: 'smtp: 451 try later', nextAttemptAt: 2_000 });
    assert.deepEqual(await kinds(1_000), ['lease.ready'], 'sent and backed-off ones are not due');
    assert.deepEqual(await kinds(2_000), ['lease.ready', 'lease.stopped'], 'the retry is due at its time, behind one due earlier');

    const [retried] = (await store.dueNotifications(2_000, 10)).filter((n) => n.id === b.id);
    assert.deepEqual([retried?.attempts, retried?.lastError, retried?.nextAttemptAt], [1, 'smtp: 451 try later', 2_000]);
    await store.markNotification(b.id, { sentAt: 2_001 });
    const [sent] = (await store.dueNotifications(2_000, 10)).filter((n) => n.id === b.id);
    assert.equal(sent, undefined);
    assert.ok(c.id > b.id && b.id > a.id, 'ids grow');

    await assert.rejects(store.markNotification(999_999, { sentAt: 1 }), NotFoundError);
    await assert.rejects(store.dueNotifications(1, 0), InputError);
  });

  it('claims due notifications so that a second caller does not get them until the claim lapses', async (t) => {
    const { store } = await freshStore(t, engine);
    for (let i = 0; i < 3; i++) await store.enqueueNotification({ userId: 'u', kind: 'k', subject: `s${i}`, body: '', data: {}, createdAt: 10 + i });
    const claimed = await store.dueNotifications(100, 2, 60_000);
    assert.deepEqual(claimed.map((n) => [n.subject, n.nextAttemptAt]), [['s0', 60_100], ['s1', 60_100]]);
    assert.deepEqual((await store.dueNotifications(100, 10, 120_000)).map((n) => n.subject), ['s2']);
    assert.deepEqual(await store.dueNotifications(100, 10, 60_000), []);
    assert.deepEqual((await store.dueNotifications(60_100, 10)).map((n) => n.subject), ['s0', 's1'], 'a lapsed claim comes due again');
  });
});
