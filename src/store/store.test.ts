/**
 * The store suite: the same cases on every engine. SQLite always runs (temp file);
 * PostgreSQL runs when DROVER_TEST_PG_URL is set (`npm test` starts a server), and
 * otherwise reports a skip that names what is missing.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { HostInfo } from '../core/cloud.js';
import { ConflictError, InputError, NotFoundError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';
import { forEachEngine, freshStore } from './testing/engine-suite.js';
import type { TestDatabase } from './testing/engines.js';

function host(name: string, over: Partial<HostInfo> = {}): HostInfo {
  return {
    name,
    availabilityZone: 'az1',
    capacity: { vcpus: 32, ramMb: 131072, diskGb: 2000 },
    overcommit: { cpu: 4, ram: 1.5, disk: 1 },
    used: { vcpus: 8, ramMb: 16384, diskGb: 100 },
    servers: 3,
    service: { state: 'up', enabled: true, disabledReason: null, forcedDown: false, heartbeatAgeS: 4.5 },
    power: 'on',
    networks: { management: true, storage: null, tenant: false },
    load: { cpu: 0.37, ram: null },
    ...over,
  };
}

/** The HostInfo part of a record, to compare with what was written. */
function info(r: { id: string; cloud: string; updatedAt: number } & HostInfo): HostInfo {
  const { id: _i, cloud: _c, updatedAt: _u, ...rest } = r;
  return rest;
}

interface Child {
  ready: Promise<void>;
  go(): void;
  exit: Promise<{ code: number | null; stderr: string }>;
}

/** Starts testing/open-store-child.ts; it opens the store when `go()` is called. */
function startChild(db: TestDatabase, tag: string): Child {
  const script = fileURLToPath(new URL('./testing/open-store-child.ts', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const p = spawn(process.execPath, ['--import', 'tsx', script, db.url, JSON.stringify(db.opts), tag], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    void exit.then((r) => reject(new Error(`child ${tag} exited before ready: ${r.stderr}`)));
  });
  return { ready, exit, go: () => p.stdin.end('go\n') };
}

forEachEngine('store', (engine) => {
  it('migrates on open, and a second open changes nothing', async (t) => {
    const db = await engine.fresh();
    t.after(() => db.drop());
    const first = await openStore(db.url, db.opts);
    assert.equal(first.engine, engine.name);
    assert.deepEqual(await first.migrations(), MIGRATIONS.map(([name]) => name));
    await first.upsertCloud({ name: 'sim', kind: 'sim', description: 'kept' });
    await first.close();

    const second = await openStore(db.url, db.opts);
    t.after(() => second.close());
    assert.deepEqual(await second.migrations(), MIGRATIONS.map(([name]) => name));
    assert.equal((await second.getCloud('sim'))?.description, 'kept');
  });

  it('serves several processes opening a new database at once', async (t) => {
    const db = await engine.fresh();
    t.after(() => db.drop());
    const tags = ['p1', 'p2', 'p3', 'p4'];
    const children = tags.map((tag) => startChild(db, tag));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    for (const r of await Promise.all(children.map((c) => c.exit))) assert.equal(r.code, 0, r.stderr);

    const store = await openStore(db.url, db.opts);
    t.after(() => store.close());
    assert.deepEqual(await store.migrations(), MIGRATIONS.map(([name]) => name));
    const subjects = (await store.listEvents({ kind: 'test' })).map((e) => e.subject).sort();
    assert.deepEqual(subjects, tags);
  });

  it('keeps one installation id per database, the same for concurrent first asks and after a reopen', async (t) => {
    const db = await engine.fresh();
    t.after(() => db.drop());
    const first = await openStore(db.url, db.opts);
    const ids = await Promise.all([first.installationId(), first.installationId(), first.installationId()]);
    assert.match(ids[0]!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(new Set(ids).size, 1, 'concurrent first asks agree');
    await first.close();

    const again = await openStore(db.url, db.opts);
    t.after(() => again.close());
    assert.equal(await again.installationId(), ids[0], 'kept in the database');

    const { store: other } = await freshStore(t, engine);
    assert.notEqual(await other.installationId(), ids[0], 'another database, another installation');
  });

  it('upserts and lists clouds, and records sync outcomes', async (t) => {
    const { store } = await freshStore(t, engine);
    await store.upsertCloud({ name: 'west', kind: 'openstack', description: 'RegionTwo' });
    await store.upsertCloud({ name: 'east', kind: 'sim', description: 'simulated' });
    assert.deepEqual((await store.listClouds()).map((c) => c.name), ['east', 'west']);
    assert.equal(await store.getCloud('north'), null);

    await store.markCloudSynced('west', 1_000, null);
    await store.markCloudSynced('west', 2_000, 'keystone: 503');
    await store.upsertCloud({ name: 'west', kind: 'openstack', description: 'RegionTwo (edited)' });
    assert.deepEqual(await store.getCloud('west'), {
      name: 'west',
      kind: 'openstack',
      description: 'RegionTwo (edited)',
      syncedAt: 1_000,
      lastError: 'keystone: 503',
    });
    await store.markCloudSynced('west', 3_000, null);
    assert.deepEqual(await store.getCloud('west'), {
      name: 'west', kind: 'openstack', description: 'RegionTwo (edited)', syncedAt: 3_000, lastError: null,
    });

    await assert.rejects(store.markCloudSynced('north', 1, null), NotFoundError);
    await assert.rejects(store.upsertCloud({ name: 'a/b', kind: 'sim', description: '' }), InputError);
  });

  it('syncs hosts: created, unchanged, updated, and removed only on a full sync', async (t) => {
    const { store } = await freshStore(t, engine);
    await store.upsertCloud({ name: 'sim', kind: 'sim', description: '' });
    await store.upsertCloud({ name: 'other', kind: 'sim', description: '' });
    await store.syncHosts('other', [host('o1')], true, 50);

    const h1 = host('h1');
    const h2 = host('h2', { availabilityZone: 'az2', power: 'off', load: { cpu: null, ram: 0.125 } });
    assert.deepEqual(await store.syncHosts('sim', [h1, h2], true, 100), { created: 2, updated: 0, unchanged: 0, removed: 0 });
    assert.deepEqual((await store.listHosts({ cloud: 'sim' })).map(info), [h1, h2], 'hosts read back as written');

    assert.deepEqual(await store.syncHosts('sim', [h1, h2], true, 200), { created: 0, updated: 0, unchanged: 2, removed: 0 });
    assert.equal((await store.getHost('sim/h1'))?.updatedAt, 100, 'an unchanged row keeps its updatedAt');

    const h1b = host('h1', { service: { ...h1.service, state: 'down', heartbeatAgeS: null }, networks: { management: false, storage: true, tenant: null } });
    assert.deepEqual(await store.syncHosts('sim', [h1b, h2], true, 300), { created: 0, updated: 1, unchanged: 1, removed: 0 });
    const afterUpdate = await store.getHost('sim/h1');
    assert.ok(afterUpdate);
    assert.deepEqual(info(afterUpdate), h1b);
    assert.equal(afterUpdate.updatedAt, 300);
    assert.equal((await store.getHost('sim/h2'))?.updatedAt, 100);

    const h3 = host('h3');
    assert.deepEqual(await store.syncHosts('sim', [h3], false, 400), { created: 1, updated: 0, unchanged: 0, removed: 0 });
    assert.deepEqual((await store.listHosts({ cloud: 'sim' })).map((h) => h.name), ['h1', 'h2', 'h3'], 'a partial sync removes nothing');

    assert.deepEqual(await store.syncHosts('sim', [h3], true, 500), { created: 0, updated: 0, unchanged: 1, removed: 2 });
    assert.deepEqual((await store.listHosts({ cloud: 'sim' })).map((h) => h.name), ['h3']);
    assert.deepEqual((await store.listHosts({ cloud: 'other' })).map((h) => h.id), ['other/o1'], 'other clouds untouched');

    await assert.rejects(store.syncHosts('nope', [h1], true, 1), NotFoundError);
    await assert.rejects(store.syncHosts('sim', [h1, h1], true, 1), InputError);
    assert.deepEqual((await store.listHosts({ cloud: 'sim' })).map((h) => h.name), ['h3'], 'a rejected sync changes nothing');
  });

  it('filters hosts by cloud and availability zone, and finds one by id', async (t) => {
    const { store } = await freshStore(t, engine);
    for (const c of ['a', 'b']) await store.upsertCloud({ name: c, kind: 'sim', description: '' });
    await store.syncHosts('a', [host('h1'), host('h2', { availabilityZone: 'az2' })], true, 1);
    await store.syncHosts('b', [host('h1', { availabilityZone: 'az2' })], true, 1);

    const ids = async (q?: Parameters<Store['listHosts']>[0]) => (await store.listHosts(q)).map((h) => h.id);
    assert.deepEqual(await ids(), ['a/h1', 'a/h2', 'b/h1']);
    assert.deepEqual(await ids({ cloud: 'b' }), ['b/h1']);
    assert.deepEqual(await ids({ availabilityZone: 'az2' }), ['a/h2', 'b/h1']);
    assert.deepEqual(await ids({ cloud: 'a', availabilityZone: 'az2' }), ['a/h2']);
    assert.deepEqual(await ids({ cloud: 'c' }), []);

    const b1 = await store.getHost('b/h1');
    assert.equal(b1?.cloud, 'b');
    assert.equal(b1?.availabilityZone, 'az2');
    assert.equal(await store.getHost('b/h2'), null);
    assert.equal(await store.getHost('no-slash'), null);
  });

  it('creates users and tokens; keeps only the hash; authenticates by secret', async (t) => {
    const { store, db } = await freshStore(t, engine);
    const alice = await store.createUser({ name: 'alice', role: 'operator', project: 'infra', email: 'a@example.org' }, 10);
    const bob = await store.createUser({ name: 'bob', role: 'user', project: 'qa', email: null }, 11);
    assert.deepEqual(await store.getUserByName('alice'), alice);
    assert.equal(await store.getUserByName('carol'), null);
    assert.deepEqual((await store.listUsers()).map((u) => u.name), ['alice', 'bob']);
    await assert.rejects(store.createUser({ name: 'alice', role: 'user', project: 'x', email: null }, 12), ConflictError);
    await assert.rejects(store.createUser({ name: 'eve', role: 'root' as never, project: 'x', email: null }, 12), InputError);

    const { token, secret } = await store.createToken(alice.id, 'laptop', 20);
    assert.match(secret, /^drv_[A-Za-z0-9_-]{43}$/, 'drv_ + 32 bytes base64url');
    assert.deepEqual(token, { id: token.id, userId: alice.id, label: 'laptop', createdAt: 20 });
    const other = await store.createToken(bob.id, 'ci', 21);

    assert.deepEqual(await store.authenticate(secret), alice);
    assert.deepEqual(await store.authenticate(other.secret), bob);
    assert.equal(await store.authenticate(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')), null);
    assert.equal(await store.authenticate('drv_'), null);
    assert.equal(await store.authenticate(''), null);

    const rows = await db.rawRows('api_tokens');
    assert.equal(rows.length, 2);
    const row = rows.find((r) => r.id === token.id);
    assert.equal(row?.hash, createHash('sha256').update(secret).digest('hex'));
    for (const r of rows) for (const v of Object.values(r)) assert.ok(!String(v).includes(secret.slice(4)), 'secret stored');

    assert.deepEqual(await store.listTokens(alice.id), [token]);
    assert.equal(await store.revokeToken(token.id), true);
    assert.equal(await store.authenticate(secret), null, 'a revoked token no longer authenticates');
    assert.equal(await store.revokeToken(token.id), false);
    assert.deepEqual(await store.authenticate(other.secret), bob);
    await assert.rejects(store.createToken('no-such-user', 'x', 1), NotFoundError);
  });

  it('lists events newest first, filtered by subject and kind, limited', async (t) => {
    const { store } = await freshStore(t, engine);
    const base = { level: 'info', reason: 'R', message: 'm' };
    const appended = [];
    for (const [i, subject, kind] of [[1, 'sim/h1', 'host'], [2, 'sim/h2', 'host'], [3, 'sim', 'cloud'], [4, 'sim/h1', 'host'], [5, 'sim/h1', 'host']] as const) {
      appended.push(await store.appendEvent({ ...base, at: i * 1000, subject, kind, reason: `R${i}` }));
    }
    assert.deepEqual(appended[0], { id: appended[0]!.id, at: 1000, level: 'info', kind: 'host', subject: 'sim/h1', reason: 'R1', message: 'm' });
    const ids = appended.map((e) => e.id);
    assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'ids grow');

    const reasons = async (q?: Parameters<Store['listEvents']>[0]) => (await store.listEvents(q)).map((e) => e.reason);
    assert.deepEqual(await reasons(), ['R5', 'R4', 'R3', 'R2', 'R1']);
    assert.deepEqual(await reasons({ limit: 2 }), ['R5', 'R4']);
    assert.deepEqual(await reasons({ subject: 'sim/h1' }), ['R5', 'R4', 'R1']);
    assert.deepEqual(await reasons({ subject: 'sim/h1', limit: 1 }), ['R5']);
    assert.deepEqual(await reasons({ kind: 'cloud' }), ['R3']);
    assert.deepEqual(await reasons({ sinceId: ids[2] }), ['R5', 'R4']);
    assert.deepEqual(await reasons({ subjects: ['sim/h2', 'sim'], limit: 5 }), ['R3', 'R2']);
    assert.deepEqual(await reasons({ subjects: [] }), [], 'no subjects: no events, not all of them');
    await assert.rejects(store.listEvents({ limit: 0 }), InputError);
  });
});
