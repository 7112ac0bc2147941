import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TerminalError } from '../../core/errors.js';
import { VirtualClock } from '../../sim/virtual-clock.js';
import { ControllerRunner } from './controller-runner.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from './reconciler.js';

/** A reconciler whose behaviour per call is scripted by the test. */
class Scripted implements Reconciler {
  readonly name = 'scripted';
  readonly calls: { key: string; at: number; failures: number }[] = [];
  private readonly start: number;
  constructor(
    private readonly clock: VirtualClock,
    private readonly ownKeys: string[],
    private readonly act: (key: string, n: number) => ReconcileResult | void | Promise<ReconcileResult | void>,
    readonly resyncMs = 3_600_000,
  ) {
    this.start = clock.now();
  }
  async keys() {
    return this.ownKeys;
  }
  async reconcile(key: string, ctx: ReconcileContext) {
    this.calls.push({ key, at: ctx.now - this.start, failures: ctx.failures });
    return this.act(key, this.calls.filter((c) => c.key === key).length);
  }
}

const noJitter = { baseMs: 1_000, maxMs: 60_000, jitter: 0 };

test('every key is reconciled at start, and again after requeueAfterMs', async () => {
  const clock = new VirtualClock();
  const r = new Scripted(clock, ['a', 'b'], () => ({ requeueAfterMs: 10_000 }));
  const runner = new ControllerRunner(r, { clock, backoff: noJitter });
  runner.start();
  await clock.advance(25_000);
  await runner.stop();
  assert.deepEqual(
    r.calls.map((c) => `${c.key}@${c.at}`),
    ['a@0', 'b@0', 'a@10000', 'b@10000', 'a@20000', 'b@20000'],
  );
});

test('a failing key backs off exponentially and recovers, with the failure count passed in', async () => {
  const clock = new VirtualClock();
  const r = new Scripted(clock, ['k'], (_k, n) => {
    if (n <= 3) throw new Error('cloud unreachable');
  });
  const runner = new ControllerRunner(r, { clock, backoff: noJitter });
  runner.start();
  await clock.advance(60_000);
  await runner.stop();
  assert.deepEqual(
    r.calls.map((c) => [c.at, c.failures]),
    [[0, 0], [1_000, 1], [3_000, 2], [7_000, 3]],
  );
});

test('a terminal error is not retried', async () => {
  const clock = new VirtualClock();
  const r = new Scripted(clock, ['k'], () => {
    throw new TerminalError('image gone');
  });
  const outcomes: string[] = [];
  const runner = new ControllerRunner(r, { clock, backoff: noJitter, observe: (o) => outcomes.push(o.outcome) });
  runner.start();
  await clock.advance(120_000);
  await runner.stop();
  assert.equal(r.calls.length, 1);
  assert.deepEqual(outcomes, ['terminal']);
});

test('a key enqueued while it is being reconciled runs again afterwards, never twice at once', async () => {
  const clock = new VirtualClock();
  let running = 0;
  let maxRunning = 0;
  let runner!: ControllerRunner;
  const r = new Scripted(clock, ['k'], async (_k, n) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    if (n === 1) runner.enqueue('k');
    await clock.sleep(500);
    running--;
  });
  runner = new ControllerRunner(r, { clock, concurrency: 4, backoff: noJitter });
  runner.start();
  await clock.advance(5_000);
  await runner.stop();
  assert.equal(r.calls.length, 2);
  assert.equal(maxRunning, 1);
});

test('the periodic resync enqueues every key again (a missed trigger heals)', async () => {
  const clock = new VirtualClock();
  const r = new Scripted(clock, ['x'], () => undefined, 30_000);
  const runner = new ControllerRunner(r, { clock, backoff: noJitter });
  runner.start();
  await clock.advance(95_000);
  await runner.stop();
  assert.deepEqual(r.calls.map((c) => c.at), [0, 30_000, 60_000, 90_000]);
});

test('after stop nothing runs', async () => {
  const clock = new VirtualClock();
  const r = new Scripted(clock, ['x'], () => ({ requeueAfterMs: 1_000 }));
  const runner = new ControllerRunner(r, { clock, backoff: noJitter });
  runner.start();
  await clock.advance(2_500);
  await runner.stop();
  const n = r.calls.length;
  await clock.advance(10_000);
  assert.equal(r.calls.length, n);
});
