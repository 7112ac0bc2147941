/**
 * What must hold when several callers race on one database: a ready instance is
 * claimed once, a request key creates one lease, a compare-and-swap has one winner, a
 * notification is claimed by one sender. Racers are concurrent calls on one store, two
 * stores (two connections or pools) on one database, and separate processes.
 *
 * On SQLite, better-sqlite3 runs each statement synchronously, so callers inside one
 * process can only interleave between statements; the multi-process case is the one
 * where statements really overlap and the database's lock alone keeps them apart.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStore } from './open-store.js';
import type { Store } from './store.js';
import { forEachEngine, freshStore } from './testing/engine-suite.js';
import type { TestDatabase } from './testing/engines.js';
import { lease, readyInstances } from './testing/leasing-fixtures.js';

const POOL = { profile: 'redis', cloud: 'sim' };

/** Checks the claims' outcome against the rows: `ready` winners, all distinct, each row leased to its claimant. */
async function checkClaims(store: Store, results: { leaseId: string; id: string | null }[], ready: string[]): Promise<void> {
  const won = results.filter((r) => r.id !== null);
  assert.equal(won.length, ready.length, `exactly ${ready.length} claims succeed`);
  assert.deepEqual(won.map((r) => r.id).sort(), [...ready].sort(), 'every ready instance is taken once');
  for (const { leaseId, id } of won) {
    const row = await store.getInstance(id!);
    assert.equal(row?.state, 'leased');
    assert.equal(row?.leaseId, leaseId, `instance ${id} is leased to the claim that got it`);
  }
  assert.deepEqual(await store.listInstances({ ...POOL, states: ['ready'] }), []);
}

function claimAll(stores: Store[], count: number, tag: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const leaseId = `${tag}-${i}`;
      const got = await stores[i % stores.length]!.claimReadyInstance(POOL.profile, POOL.cloud, leaseId, 1_000 + i);
      return { leaseId, id: got?.id ?? null };
    }),
  );
}

function runClaimChild(db: TestDatabase, tag: string, count: number) {
  const script = fileURLToPath(new URL('./testing/claim-child.ts', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const p = spawn(process.execPath, ['--import', 'tsx', script, db.url, JSON.stringify(db.opts), tag, String(count)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('ready\n')) resolve();
    });
    void exit.then((r) => reject(new Error(`child ${tag} exited before ready: ${r.stderr}`)));
  });
  return { ready, exit, go: () => p.stdin.end('go\n') };
}

async function openSecond(t: Parameters<typeof freshStore>[0], db: TestDatabase): Promise<Store> {
  const second = await openStore(db.url, db.opts);
  t.after(() => second.close());
  return second;
}

forEachEngine('leasing store under concurrency', (engine) => {
  it('50 concurrent claims on a pool of 20 ready: 20 distinct winners', async (t) => {
    const { store } = await freshStore(t, engine);
    const ready = await readyInstances(store, POOL, 20, 'r');
    await readyInstances(store, { profile: 'redis', cloud: 'west' }, 3, 'w');
    await checkClaims(store, await claimAll([store], 50, 'lease'), ready);
    assert.equal((await store.listInstances({ cloud: 'west', states: ['ready'] })).length, 3, 'other pools untouched');
  });

  it('claims from two stores on one database: the database serialises them', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const second = await openSecond(t, db);
    const ready = await readyInstances(store, POOL, 20, 'r');
    await checkClaims(store, await claimAll([store, second], 50, 'lease'), ready);
  });

  it('claims from four processes at once: 30 ready, 60 claims, 30 distinct winners', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const ready = await readyInstances(store, POOL, 30, 'r');
    const tags = ['p1', 'p2', 'p3', 'p4'];
    const children = tags.map((tag) => runClaimChild(db, tag, 15));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = [];
    for (const [i, r] of (await Promise.all(children.map((c) => c.exit))).entries()) {
      assert.equal(r.code, 0, r.stderr);
      const ids = JSON.parse(r.stdout.split('\n').filter(Boolean).at(-1)!) as (string | null)[];
      results.push(...ids.map((id, k) => ({ leaseId: `${tags[i]}-${k}`, id })));
    }
    await checkClaims(store, results, ready);
  });

  it('concurrent lease requests with one key create one lease', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const second = await openSecond(t, db);
    const alice = (await store.createUser({ name: 'alice', role: 'user', project: 'qa', email: null }, 1)).id;
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => [store, second][i % 2]!.createLease(lease(`l${i}`, alice, { idempotencyKey: 'same' }))),
    );
    assert.equal(outcomes.filter((o) => o.created).length, 1);
    assert.equal(new Set(outcomes.map((o) => o.lease.id)).size, 1, 'every caller gets the same lease');
    assert.equal((await store.listLeases({ userId: alice })).length, 1);
  });

  it('concurrent compare-and-swap updates of one instance: one winner', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const second = await openSecond(t, db);
    const [id] = await readyInstances(store, POOL, 1, 'r');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        [store, second][i % 2]!.updateInstance(id!, { state: 'deleting', lastError: `by ${i}` }, 2_000 + i, ['ready']),
      ),
    );
    const winners = results.filter((r) => r !== null);
    assert.equal(winners.length, 1);
    assert.deepEqual(await store.getInstance(id!), winners[0]);
  });

  it('concurrent updates of one lease from one read: one winner, even where the state stays the same', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const second = await openSecond(t, db);
    const alice = (await store.createUser({ name: 'alice', role: 'user', project: 'qa', email: null }, 1)).id;
    const { lease: read } = await store.createLease(lease('l1', alice, { state: 'active', instanceId: 'i1', activeAt: 1_000 }));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        [store, second][i % 2]!.updateLease('l1', { renewals: read.renewals + 1, expiresAt: 10_000 + i }, 2_000, ['active'], read.version),
      ),
    );
    const winners = results.filter((r) => r !== null);
    assert.equal(winners.length, 1);
    assert.deepEqual(await store.getLease('l1'), winners[0]);
  });

  it('concurrent notification claims from two stores never share a notification', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const second = await openSecond(t, db);
    for (let i = 0; i < 30; i++) await store.enqueueNotification({ userId: 'u', kind: 'k', subject: `s${i}`, body: '', data: {}, createdAt: i });
    const batches = await Promise.all(Array.from({ length: 10 }, (_, i) => [store, second][i % 2]!.dueNotifications(100, 4, 60_000)));
    const ids = batches.flat().map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'no notification handed out twice');
    assert.equal(ids.length, 30, 'all of them handed out');
  });
});
