import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DriverError } from '../../core/errors.js';
import type { Notification, Notifier } from '../../drivers/notifier.js';
import { VirtualClock } from '../../sim/virtual-clock.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { ControllerRunner } from '../runtime/controller-runner.js';
import { NEVER, NotificationController } from './notification-controller.js';

/** A notifier that fails as told, then records what it delivers. */
class ScriptedNotifier implements Notifier {
  readonly name = 'scripted';
  readonly delivered: Notification[] = [];
  readonly failures: DriverError[] = [];
  tries = 0;
  async send(n: Notification): Promise<void> {
    this.tries++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.delivered.push(n);
  }
  async close(): Promise<void> {}
}

async function setup(t: { after(fn: () => Promise<void>): void }, opts: { maxAttempts?: number } = {}) {
  const clock = new VirtualClock();
  const store = await openStore(':memory:');
  const alice = await store.createUser({ name: 'alice', role: 'user', project: 'qa', email: 'alice@example.org' }, clock.now());
  const notifier = new ScriptedNotifier();
  const controller = new NotificationController(store, notifier, { pollMs: 5_000, random: () => 0.5, ...opts });
  const runner = new ControllerRunner(controller, { clock });
  t.after(async () => {
    await runner.stop();
    await store.close();
  });
  const enqueue = (userId = alice.id, subject = 'Lease L-1 expires in 1h') =>
    store.enqueueNotification({ userId, kind: 'lease.expiring', subject, body: 'renew it', data: { leaseId: 'L-1' }, createdAt: clock.now() });
  return { clock, store, alice, notifier, runner, enqueue };
}

async function row(store: Store, id: number, now: number) {
  // Unsent rows are visible through dueNotifications at a time past their next attempt.
  return (await store.dueNotifications(now, 100)).find((n) => n.id === id);
}

test('queued notifications reach the notifier with the recipient resolved, once each', async (t) => {
  const s = await setup(t);
  s.runner.start();
  const a = await s.enqueue();
  const b = await s.enqueue(s.alice.id, 'second');
  await s.clock.advance(6_000);
  assert.deepEqual(
    s.notifier.delivered.map((n) => [n.id, n.subject, n.recipient]),
    [
      [a.id, 'Lease L-1 expires in 1h', { userId: s.alice.id, name: 'alice', email: 'alice@example.org' }],
      [b.id, 'second', { userId: s.alice.id, name: 'alice', email: 'alice@example.org' }],
    ],
  );
  await s.clock.advance(600_000);
  assert.equal(s.notifier.delivered.length, 2, 'sent ones are not sent again');
  assert.equal(await row(s.store, a.id, NEVER), undefined, 'marked sent');
});

test('a transient failure is retried after a backoff, and the retry delivers', async (t) => {
  const s = await setup(t);
  s.notifier.failures.push(new DriverError('transient', 'smtp 127.0.0.1:25: 451 try again later'));
  s.runner.start();
  const n = await s.enqueue();
  await s.clock.advance(6_000);
  assert.equal(s.notifier.delivered.length, 0);
  const waiting = await row(s.store, n.id, NEVER);
  assert.equal(waiting?.attempts, 1);
  assert.match(waiting?.lastError ?? '', /451/);
  assert.ok(waiting!.nextAttemptAt > s.clock.now(), 'not due again at once');
  await s.clock.advance(60_000);
  assert.equal(s.notifier.delivered.length, 1);
  assert.equal(s.notifier.tries, 2);
});

test("a backend's retry-after is honoured when it is longer than the backoff", async (t) => {
  const s = await setup(t);
  s.notifier.failures.push(new DriverError('transient', 'webhook: 429', { status: 429, retryAfterMs: 600_000 }));
  s.runner.start();
  await s.enqueue();
  await s.clock.advance(6_000);
  await s.clock.advance(300_000);
  assert.equal(s.notifier.tries, 1, 'not retried before the retry-after');
  await s.clock.advance(310_000);
  assert.equal(s.notifier.delivered.length, 1);
});

test('after the last allowed attempt the notification is given up, with its error and an event', async (t) => {
  const s = await setup(t, { maxAttempts: 3 });
  for (let i = 0; i < 10; i++) s.notifier.failures.push(new DriverError('transient', `smtp: connection refused #${i + 1}`));
  s.runner.start();
  const n = await s.enqueue();
  await s.clock.advance(3_600_000);
  assert.equal(s.notifier.tries, 3);
  assert.equal(s.notifier.delivered.length, 0);
  const given = await row(s.store, n.id, NEVER);
  assert.equal(given?.attempts, 3);
  assert.match(given?.lastError ?? '', /connection refused #3.*gave up after 3 attempts/);
  const events = await s.store.listEvents({ kind: 'notification' });
  assert.equal(events.length, 1);
  assert.equal(events[0]?.reason, 'NotificationFailed');
  assert.match(events[0]?.message ?? '', /lease\.expiring about lease L-1.*connection refused #3/);
});

test('a fatal failure or an unknown recipient is given up at once', async (t) => {
  const s = await setup(t);
  s.notifier.failures.push(new DriverError('fatal', 'smtp: user has no e-mail address'));
  s.runner.start();
  const fatal = await s.enqueue();
  const orphan = await s.enqueue('no-such-user');
  await s.clock.advance(3_600_000);
  assert.equal(s.notifier.tries, 1, 'the fatal one was tried once; nothing was sent to the unknown user');
  assert.equal((await row(s.store, fatal.id, NEVER))?.attempts, 1);
  assert.match((await row(s.store, orphan.id, NEVER))?.lastError ?? '', /recipient user no-such-user no longer exists/);
  assert.equal((await s.store.listEvents({ kind: 'notification' })).length, 2);
});
