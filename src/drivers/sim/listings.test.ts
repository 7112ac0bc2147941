import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCloud } from './sim-cloud.js';
import { assertRejectsKind, simKit, spec, until, type SimKit } from './sim-test-kit.js';

const HOUR = 3_600_000;
const byTag = (kit: SimKit, tag: string) => kit.cloud.listServers({ metadata: { 'drover:instance': tag } }).servers.map((s) => s.id);

async function bootActive(kit: SimKit, name: string): Promise<string> {
  const { id } = await kit.driver.createServer(spec(kit, name));
  await until(kit, () => kit.cloud.getServer(id)?.status === 'ACTIVE', `${name} ACTIVE`);
  return id;
}

async function deleteAndWait(kit: SimKit, id: string): Promise<number> {
  await kit.driver.deleteServer(id);
  await until(kit, () => kit.cloud.getServer(id) === null, `${id} deleted`);
  return kit.cloud.events().find((e) => e.kind === 'server-deleted' && e.serverId === id)!.at;
}

test('a metadata change moves a server from one tag lookup to another, and counts as a change', async () => {
  const kit = simKit();
  const a = await bootActive(kit, 'a');
  const b = await bootActive(kit, 'b');
  const mark = kit.cloud.listServers().cursor;
  kit.cloud.setServerMetadata(a, { 'drover:instance': 'c', team: 'qa' });

  assert.deepEqual(byTag(kit, 'a'), [], 'the old tag finds nothing');
  assert.deepEqual(byTag(kit, 'c'), [a], 'the new tag finds it');
  assert.deepEqual(byTag(kit, 'b'), [b], 'other servers keep their tags');
  const both = kit.cloud.listServers({ metadata: { 'drover:instance': 'c', team: 'qa' } }).servers;
  assert.deepEqual(both.map((s) => s.id), [a], 'a filter of two pairs needs both');
  assert.deepEqual(kit.cloud.listServers({ metadata: { 'drover:instance': 'c', team: 'ops' } }).servers, []);
  assert.equal(kit.cloud.listServers({ metadata: {} }).servers.length, 2, 'an empty filter matches every server');

  const changed = kit.cloud.listServers({ changesSince: mark }).servers;
  assert.deepEqual(changed.map((s) => [s.id, s.metadata]), [[a, { 'drover:instance': 'c', team: 'qa' }]]);
  assert.ok(changed[0]!.updatedAt >= changed[0]!.createdAt);
  kit.cloud.close();
});

test('metadata can be changed only on a stable server that exists, as in Nova', async () => {
  const kit = simKit();
  const building = await kit.driver.createServer(spec(kit, 'x'));
  assert.throws(() => kit.cloud.setServerMetadata(building.id, { 'drover:instance': 'y' }), (e: Error) => /task_state scheduling/.test(e.message));
  assert.deepEqual(byTag(kit, 'x'), [building.id], 'a refused change leaves the tag as it was');
  await until(kit, () => kit.cloud.getServer(building.id)?.status === 'ACTIVE', 'ACTIVE');
  await deleteAndWait(kit, building.id);
  assert.throws(() => kit.cloud.setServerMetadata(building.id, {}), (e: Error) => /could not be found/.test(e.message));
  kit.cloud.close();
});

test('a deleted server leaves plain and tag listings but appears in changes-since as DELETED', async () => {
  const kit = simKit();
  const a = await bootActive(kit, 'a');
  const b = await bootActive(kit, 'b');
  const host = kit.cloud.getServer(a)!.host!;
  const mark = kit.cloud.listServers().cursor;
  await deleteAndWait(kit, a);

  assert.deepEqual(kit.cloud.listServers().servers.map((s) => s.id), [b]);
  assert.deepEqual(byTag(kit, 'a'), [], 'a tag lookup leaves it out');
  assert.ok(!kit.cloud.listServers({ host }).servers.some((s) => s.id === a), 'so does a listing of its host');
  const since = kit.cloud.listServers({ changesSince: mark, metadata: { 'drover:instance': 'a' } }).servers;
  assert.deepEqual(since.map((s) => [s.id, s.status]), [[a, 'DELETED']], 'changes-since with its tag reports the deletion');
  assert.deepEqual(kit.cloud.listServers({ changesSince: mark }).servers.map((s) => [s.id, s.status]), [[a, 'DELETED']]);
  await assertRejectsKind(kit.driver.startServer(a), 'not-found');
  kit.cloud.close();
});

test('listings come out in creation order whatever order the changes came in', async () => {
  const kit = simKit();
  const ids = [await bootActive(kit, 'a'), await bootActive(kit, 'b'), await bootActive(kit, 'c')];
  const mark = kit.cloud.listServers().cursor;
  kit.cloud.stopServer(ids[2]!);
  kit.cloud.setServerMetadata(ids[1]!, { 'drover:instance': 'c' });
  kit.cloud.stopServer(ids[0]!);
  assert.deepEqual(kit.cloud.listServers({ changesSince: mark }).servers.map((s) => s.id), ids);
  assert.deepEqual(byTag(kit, 'c'), [ids[1], ids[2]], 'a tag lookup too');
  assert.deepEqual(kit.cloud.listServers().servers.map((s) => s.id), ids);
  kit.cloud.close();
});

test('a tombstone is forgotten once the retention has passed since the deletion', async () => {
  const kit = simKit({ tombstoneRetentionMs: HOUR });
  const a = await bootActive(kit, 'a');
  const keep = await bootActive(kit, 'keep');
  const mark = kit.cloud.listServers().cursor;
  const deletedAt = await deleteAndWait(kit, a);
  const deletions = () => kit.cloud.listServers({ changesSince: mark }).servers.filter((s) => s.status === 'DELETED').map((s) => s.id);

  await kit.clock.advanceTo(deletedAt + HOUR - 1);
  assert.deepEqual(deletions(), [a], 'still reported just before the retention ends');
  await kit.clock.advanceTo(deletedAt + HOUR);
  assert.deepEqual(deletions(), [], 'forgotten once it ends: an older cursor misses the deletion, as against a purged Nova');
  assert.deepEqual(kit.cloud.listServers({ changesSince: '0', metadata: { 'drover:instance': 'a' } }).servers, []);

  // Forgotten reads as never having existed, which the contract already treats as deleted.
  assert.equal(kit.cloud.getServer(a), null);
  await kit.driver.deleteServer(a);
  await assertRejectsKind(kit.driver.stopServer(a), 'not-found');
  assert.deepEqual(kit.cloud.listServers().servers.map((s) => s.id), [keep], 'live servers are never pruned');
  assert.deepEqual(kit.cloud.listServers({ changesSince: '0' }).servers.map((s) => s.id), [keep]);
  kit.cloud.close();
});

test('tombstones are kept for a day by default, and for ever with an infinite retention', async () => {
  const run = async (retention: number | undefined, after: number) => {
    const kit = simKit(retention === undefined ? {} : { tombstoneRetentionMs: retention });
    const a = await bootActive(kit, 'a');
    const deletedAt = await deleteAndWait(kit, a);
    await kit.clock.advanceTo(deletedAt + after);
    const seen = kit.cloud.listServers({ changesSince: '0' }).servers.map((s) => s.status);
    kit.cloud.close();
    return seen;
  };
  assert.deepEqual(await run(undefined, 24 * HOUR - 1), ['DELETED']);
  assert.deepEqual(await run(undefined, 24 * HOUR), []);
  assert.deepEqual(await run(Infinity, 90 * 24 * HOUR), ['DELETED']);
  assert.deepEqual(await run(0, 0), [], 'retention 0 keeps no tombstone at all');
});

test('a negative or NaN retention is refused', () => {
  const clock = simKit().clock;
  assert.throws(() => new SimCloud({ clock, tombstoneRetentionMs: -1 }), RangeError);
  assert.throws(() => new SimCloud({ clock, tombstoneRetentionMs: Number.NaN }), RangeError);
});
