import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLAVORS } from './sim-options.js';
import { Prng } from './prng.js';
import type { SimServer } from './sim-server.js';
import { ServerTable } from './server-table.js';

/** A table on a hand-moved clock, with the change counter SimWorld would keep. */
function table(retentionMs: number) {
  const t = { now: 0, seq: 0, table: undefined as unknown as ServerTable };
  t.table = new ServerTable(() => t.now, retentionMs);
  const touch = (s: SimServer): void => {
    s.version = ++t.seq;
    t.table.changed(s);
  };
  const create = (id: string, metadata: Record<string, string>): SimServer => {
    const s = server(id, metadata);
    t.table.add(s);
    touch(s);
    return s;
  };
  const remove = (s: SimServer): void => {
    s.deleted = true;
    s.status = 'DELETED';
    touch(s);
  };
  return { t, create, touch, remove };
}

function server(id: string, metadata: Record<string, string>): SimServer {
  return {
    id, name: id, flavor: DEFAULT_FLAVORS[0]!, imageId: 'img', status: 'ACTIVE', taskState: null, host: null,
    availabilityZone: null, metadata: { ...metadata }, addresses: [], createdAt: 0, updatedAt: 0, fault: null,
    version: 0, op: null, guestLost: false, password: null, userData: null, cpuUtil: 0, fixedIps: [], deleted: false,
  };
}

/** What listServers returns, by its definition, from the candidates the table offers. */
function listed(candidates: SimServer[], since: number | null, metadata?: Record<string, string>): string[] {
  return candidates
    .filter((s) => (since === null ? !s.deleted : s.version > since))
    .filter((s) => metadata === undefined || Object.entries(metadata).every(([k, v]) => s.metadata[k] === v))
    .map((s) => s.id);
}

test('every listing equals the definition applied to every server the cloud remembers, under random churn', () => {
  const retention = 5_000;
  const prng = new Prng('server-table');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(prng.float() * xs.length)]!;
  const { t, create, touch, remove } = table(retention);
  const ever: { s: SimServer; deletedAt: number | null }[] = [];
  const cursors: number[] = [0];
  const tags = (): Record<string, string> =>
    prng.float() < 0.3 ? { 'drover:instance': `i${Math.floor(prng.float() * 40)}`, team: pick(['a', 'b']) } : { 'drover:instance': `i${Math.floor(prng.float() * 40)}` };

  for (let step = 0; step < 4000; step++) {
    const live = ever.filter((e) => e.deletedAt === null);
    const r = prng.float();
    if (r < 0.3 || live.length === 0) ever.push({ s: create(`s${step}`, tags()), deletedAt: null });
    else if (r < 0.5) touch(pick(live).s);
    else if (r < 0.6) {
      const e = pick(live);
      t.table.setMetadata(e.s, tags());
      touch(e.s);
    } else if (r < 0.8) {
      const e = pick(live);
      remove(e.s);
      e.deletedAt = t.now;
    } else t.now += Math.floor(prng.float() * 400);
    if (prng.float() < 0.2) cursors.push(t.seq);

    if (step % 10 !== 0) continue;
    const remembered = ever.filter((e) => e.deletedAt === null || t.now - e.deletedAt < retention).map((e) => e.s);
    const since = prng.float() < 0.4 ? null : pick(cursors);
    const tag = `i${Math.floor(prng.float() * 40)}`;
    const filters: (Record<string, string> | undefined)[] = [undefined, {}, { 'drover:instance': tag }, { team: 'a', 'drover:instance': tag }];
    const metadata = pick(filters);
    const candidates = t.table.candidates(since, metadata);
    assert.equal(new Set(candidates).size, candidates.length, 'no server offered twice');
    assert.deepEqual(listed(candidates, since, metadata), listed(remembered, since, metadata), `step ${step}, since ${since}, ${JSON.stringify(metadata)}`);
  }
});

test('memory follows live servers and recent deletions, not every server ever made', () => {
  const hour = 3_600_000;
  const { t, create, touch, remove } = table(hour);
  const keep = [create('keep-1', { 'drover:instance': 'keep-1' }), create('keep-2', { 'drover:instance': 'keep-2' })];
  const deletedAt: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s = create(`s${i}`, { 'drover:instance': `i${i}`, profile: 'redis' });
    touch(s);
    touch(keep[i % 2]!);
    remove(s);
    deletedAt.push(t.now);
    t.now += 10_000; // a server every 10 s for 55 hours, about 360 deletions per retention
  }
  t.table.prune();
  const recent = deletedAt.filter((d) => t.now - d < hour).length;
  assert.ok(recent > 300 && recent < 400);
  const sizes = t.table.sizes;
  assert.equal(sizes.live, 2);
  assert.equal(sizes.remembered, 2 + recent, 'the tombstones of the last hour only');
  assert.equal(sizes.tagPairs, 2 + recent + 1, 'tags of forgotten servers leave the index');
  assert.ok(sizes.logEntries <= 2 * sizes.remembered + 64 + 1, `change log compacted (${sizes.logEntries} entries)`);
  assert.equal(listed(t.table.candidates(0, undefined), 0).length, 2 + recent, 'changes since 0: the live ones and the recent deletions');
});

test('a metadata change leaves nothing of the old pairs in the index', () => {
  const { t, create, touch } = table(Infinity);
  const s = create('a', { 'drover:instance': 'a', team: 'qa' });
  t.table.setMetadata(s, { 'drover:instance': 'b' });
  touch(s);
  assert.equal(t.table.sizes.tagPairs, 1);
  assert.deepEqual(t.table.candidates(null, { team: 'qa' }), []);
  assert.deepEqual(t.table.candidates(null, { 'drover:instance': 'b' }).map((x) => x.id), ['a']);
});
