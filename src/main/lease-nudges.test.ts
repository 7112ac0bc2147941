import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControllerRunner } from '../controllers/runtime/controller-runner.js';
import type { ReconcileContext, Reconciler } from '../controllers/runtime/reconciler.js';
import { VirtualClock } from '../sim/virtual-clock.js';
import type { LeaseRecord } from '../store/store.js';
import { leaseNudges, POOL_NUDGE_DELAY_MS } from './lease-nudges.js';

/** Records each reconcile (key, ms since the start); lists no keys of its own, so only nudges run it. */
class Recorder implements Reconciler {
  readonly calls: string[] = [];
  constructor(readonly name: string, private readonly clock: VirtualClock, private readonly start = clock.now()) {}
  async keys() {
    return [];
  }
  async reconcile(key: string, _ctx: ReconcileContext) {
    this.calls.push(`${key}@${this.clock.now() - this.start}`);
    return {};
  }
}

function setup() {
  const clock = new VirtualClock();
  const pool = new Recorder('pool', clock);
  const lease = new Recorder('lease', clock);
  const runners = { pool: new ControllerRunner(pool, { clock }), lease: new ControllerRunner(lease, { clock }) };
  runners.pool.start();
  runners.lease.start();
  return { clock, pool, lease, nudge: leaseNudges(runners), stop: () => Promise.all([runners.pool.stop(), runners.lease.stop()]) };
}

const written = (id: string, state: LeaseRecord['state']) => ({ id, state, profile: 'web', cloud: 'sim' }) as LeaseRecord;

test('a burst of pool hits and releases makes one pool pass, a second later; each lease is looked at at once', async () => {
  const { clock, pool, lease, nudge, stop } = setup();
  for (let i = 0; i < 40; i++) {
    nudge(written(`l${i}`, i % 2 === 0 ? 'active' : 'released'));
    await clock.advance(10);
  }
  await clock.advance(5_000);
  await stop();
  assert.deepEqual(pool.calls, [`web/sim@${POOL_NUDGE_DELAY_MS}`]);
  assert.equal(lease.calls.length, 40);
  assert.deepEqual(lease.calls.slice(0, 2), ['l0@0', 'l1@10']);
});

test('a lease that found the pool empty has its pool looked at at once, even while a delayed nudge waits', async () => {
  const { clock, pool, nudge, stop } = setup();
  nudge(written('hit', 'active'));
  await clock.advance(100);
  nudge(written('cold', 'provisioning'));
  await clock.advance(5_000);
  await stop();
  assert.deepEqual(pool.calls, ['web/sim@100'], 'the waiting nudge was pulled forward and made the same pass');
});
