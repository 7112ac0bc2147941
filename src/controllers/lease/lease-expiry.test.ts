import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '../../store/store.js';
import { LeaseController } from './lease-controller.js';
import { DAY, HOUR, MINUTE, leaseKit, type LeaseKit } from './lease-test-kit.js';

async function kitWithLease(t: { after(fn: () => Promise<void>): void }, importance: number, durationMs = 3 * DAY) {
  const kit = await leaseKit({ controller: { resyncMs: DAY } });
  t.after(() => kit.close());
  const instance = await kit.readyInstance();
  const lease = await kit.request({ durationMs, importance });
  assert.equal(lease.state, 'active');
  assert.equal(lease.instanceId, instance.id);
  kit.runner.start();
  return { kit, lease, instance };
}

async function kinds(kit: LeaseKit): Promise<string[]> {
  return (await kit.notifications()).map((n) => n.kind);
}

async function eventTimes(kit: LeaseKit, leaseId: string): Promise<[string, number][]> {
  const events = await kit.store.listEvents({ subject: leaseId, kind: 'lease', limit: 1000 });
  return events.reverse().map((e) => [e.reason, e.at]);
}

test('an ordinary lease: warned once at 24 h and once at 1 h before its end, then its VM is deleted', async (t) => {
  const { kit, lease, instance } = await kitWithLease(t, 0);
  const end = lease.expiresAt;

  await kit.sim.clock.advanceTo(end - DAY - MINUTE);
  assert.deepEqual(await kinds(kit), []);
  await kit.sim.clock.advanceTo(end - HOUR - MINUTE);
  const [first] = await kit.notifications();
  assert.equal(first?.kind, 'lease.expiring');
  assert.equal(first?.subject, `Lease ${lease.id} expires in 1d`);
  assert.match(first!.body, new RegExp(`Your lease ${lease.id} \\(profile redis-test\\) expires in 1d at 2025-01-04 00:00 UTC`));
  assert.match(first!.body, new RegExp(`renew with \`drover renew ${lease.id} --duration 3d\``, 'i'));
  assert.match(first!.body, /its VM will be deleted/);

  await kit.sim.clock.advanceTo(end - MINUTE);
  assert.deepEqual(await kinds(kit), ['lease.expiring', 'lease.expiring']);
  assert.match((await kit.notifications())[1]!.body, /expires in 1h at 2025-01-04 00:00 UTC/);
  assert.equal((await kit.instance(instance.id)).state, 'leased', 'untouched before its end');

  await kit.sim.clock.advanceTo(end + MINUTE);
  const ended = await kit.lease(lease.id);
  assert.equal(ended.state, 'expired');
  assert.equal(ended.endedAt, end);
  assert.equal((await kit.instance(instance.id)).state, 'deleting');
  assert.deepEqual(await kinds(kit), ['lease.expiring', 'lease.expiring', 'lease.reclaimed']);
  assert.match((await kit.notifications())[2]!.body, /expired at 2025-01-04 00:00 UTC, so its VM \(instance i-1\) is being deleted/);

  // Each step happened exactly at its moment: the controller requeued at the due time.
  assert.deepEqual(await eventTimes(kit, lease.id), [
    ['ExpiryWarning', end - DAY],
    ['ExpiryWarning', end - HOUR],
    ['Reclaimed', end],
  ]);
  await kit.sim.clock.advance(5 * DAY);
  assert.equal((await kinds(kit)).length, 3, 'nothing is sent twice');
  // Three days and more of a lease cost a handful of looks, not a poll every few seconds.
  const looks = kit.reconciles.filter((k) => k === lease.id).length;
  assert.ok(looks <= 15, `the lease was reconciled ${looks} times`);
});

test('an important lease: stopped at its end, kept for the 3-day grace period, then deleted', async (t) => {
  const { kit, lease, instance } = await kitWithLease(t, 5);
  const end = lease.expiresAt;

  await kit.sim.clock.advanceTo(end + MINUTE);
  const grace = await kit.lease(lease.id);
  assert.equal(grace.state, 'grace');
  assert.equal(grace.graceEndsAt, end + 3 * DAY);
  assert.equal((await kit.instance(instance.id)).state, 'stopped', 'stopped, not deleted');
  const stopped = (await kit.notifications()).at(-1)!;
  assert.equal(stopped.kind, 'lease.stopped');
  assert.match(stopped.body, /was stopped, not deleted/);
  assert.match(stopped.body, /will be deleted at 2025-01-07 00:00 UTC \(after 3d of grace\) unless you renew it/);
  assert.match(stopped.body, new RegExp(`drover renew ${lease.id} --duration 3d`));
  const warning = (await kit.notifications())[0]!;
  assert.match(warning.body, /will be stopped and kept for 3d, then deleted/, 'the warning says what expiry will do');

  await kit.sim.clock.advanceTo(end + 3 * DAY - MINUTE);
  assert.equal((await kit.lease(lease.id)).state, 'grace');
  assert.equal((await kit.instance(instance.id)).state, 'stopped');

  await kit.sim.clock.advanceTo(end + 3 * DAY + MINUTE);
  const ended = await kit.lease(lease.id);
  assert.equal(ended.state, 'expired');
  assert.equal((await kit.instance(instance.id)).state, 'deleting');
  assert.deepEqual(await kinds(kit), ['lease.expiring', 'lease.expiring', 'lease.stopped', 'lease.reclaimed']);
  assert.match((await kit.notifications())[3]!.body, /grace period ended at 2025-01-07 00:00 UTC/);
  assert.deepEqual((await eventTimes(kit, lease.id)).slice(2), [
    ['Stopped', end],
    ['ReclaimedAfterGrace', end + 3 * DAY],
  ]);
});

test('an important lease renewed in its grace period is started again and not deleted', async (t) => {
  const { kit, lease, instance } = await kitWithLease(t, 9);
  const end = lease.expiresAt;
  await kit.sim.clock.advanceTo(end + DAY);
  assert.equal((await kit.lease(lease.id)).state, 'grace');

  const renewed = await kit.renew(lease.id, '3d');
  assert.equal(renewed.state, 'active');
  assert.equal(renewed.expiresAt, end + 4 * DAY);
  const restarting = await kit.instance(instance.id);
  assert.deepEqual([restarting.state, restarting.step], ['leased', 'restart'], 'the instance controller is asked to start it');

  await kit.sim.clock.advanceTo(end + 3 * DAY + HOUR);
  assert.equal((await kit.lease(lease.id)).state, 'active', 'the old grace end passed without a reclaim');
  assert.equal((await kit.instance(instance.id)).state, 'leased');
  assert.ok(!(await kinds(kit)).includes('lease.reclaimed'));
  // The renewed lease is warned again before its new end.
  const warnings = (await kit.notifications()).filter((n) => n.kind === 'lease.expiring');
  assert.equal(warnings.length, 3);
  assert.equal(warnings[2]!.data.expiresAt, end + 4 * DAY);
});

test('a lease released by its holder has its VM deleted, never returned to the pool', async (t) => {
  const { kit, lease, instance } = await kitWithLease(t, 0);
  await kit.sim.clock.advance(HOUR);
  await kit.release(lease.id);
  await kit.sim.clock.advance(DAY);
  assert.equal((await kit.instance(instance.id)).state, 'deleting');
  assert.deepEqual(await kit.reasons(lease.id), ['Released']);
  assert.deepEqual(await kinds(kit), [], 'the holder asked for it: no notification');
});

test('a step cut short by a crash (lease expired, VM still leased) is finished by the next resync', async (t) => {
  const kit = await leaseKit({ controller: { resyncMs: 10 * MINUTE } });
  t.after(() => kit.close());
  const instance = await kit.readyInstance();
  const lease = await kit.request({ durationMs: DAY });
  // The lease was ended, but the process died before the instance was moved.
  await kit.store.updateLease(lease.id, { state: 'expired', endedAt: kit.sim.clock.now() }, kit.sim.clock.now(), ['active']);
  kit.runner.start();
  await kit.sim.clock.advance(11 * MINUTE);
  assert.equal((await kit.instance(instance.id)).state, 'deleting');
});

/** The store as a racing controller sees it: right after its first read of a lease, `meanwhile` (an API write) lands. */
function writeAfterFirstRead(store: Store, meanwhile: () => Promise<unknown>): Store {
  let armed = true;
  return new Proxy(store, {
    get(target, prop) {
      if (prop !== 'getLease') return Reflect.get(target, prop);
      return async (id: string) => {
        const read = await target.getLease(id);
        if (armed) {
          armed = false;
          await meanwhile();
        }
        return read;
      };
    },
  });
}

test('a renewal landing between the controller\'s read and its warning wins: the renewed lease is warned before its new end', async (t) => {
  const kit = await leaseKit({ controller: { resyncMs: DAY } });
  t.after(() => kit.close());
  await kit.readyInstance();
  const lease = await kit.request({ durationMs: 3 * DAY });
  const end = lease.expiresAt;
  await kit.sim.clock.advanceTo(end - HOUR);
  const racer = new LeaseController(writeAfterFirstRead(kit.store, () => kit.renew(lease.id, '3d')));
  await racer.reconcile(lease.id, { now: kit.sim.clock.now(), failures: 0 });

  const renewed = await kit.lease(lease.id);
  assert.equal(renewed.expiresAt, end + 3 * DAY);
  assert.deepEqual(renewed.warnedOffsets, [], 'the renewal\'s warnings are not marked sent by the stale write');
  assert.deepEqual(await kinds(kit), [], 'no warning about the old end');

  kit.runner.start();
  await kit.sim.clock.advanceTo(end + 3 * DAY - MINUTE);
  const warnings = (await kit.notifications()).filter((n) => n.kind === 'lease.expiring');
  assert.deepEqual(warnings.map((w) => w.data.expiresAt), [end + 3 * DAY, end + 3 * DAY], 'both warnings of the new end');
});

test('a renewal landing between the controller\'s read and its reclaim wins: the VM is kept', async (t) => {
  const kit = await leaseKit({ controller: { resyncMs: DAY } });
  t.after(() => kit.close());
  const instance = await kit.readyInstance();
  const lease = await kit.request({ durationMs: DAY });
  await kit.store.updateLease(lease.id, { warnedOffsets: [DAY, HOUR] }, kit.sim.clock.now());
  await kit.sim.clock.advanceTo(lease.expiresAt);
  const racer = new LeaseController(writeAfterFirstRead(kit.store, () => kit.renew(lease.id, '3d')));
  await racer.reconcile(lease.id, { now: kit.sim.clock.now(), failures: 0 });

  const after = await kit.lease(lease.id);
  assert.deepEqual([after.state, after.expiresAt], ['active', lease.expiresAt + 3 * DAY], 'the renewal stands');
  assert.equal((await kit.instance(instance.id)).state, 'leased', 'the renewed lease keeps its VM');
  assert.ok(!(await kit.reasons(lease.id)).includes('Reclaimed'));
  assert.deepEqual(await kinds(kit), []);
});
