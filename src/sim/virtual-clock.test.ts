import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, DEFAULT_VIRTUAL_START } from './virtual-clock.js';

test('time moves only when advanced', async () => {
  const clock = new VirtualClock({ start: 1000 });
  let fired = false;
  clock.setTimer(10, () => (fired = true));
  assert.equal(clock.now(), 1000);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(fired, false);
  await clock.advance(9);
  assert.equal(fired, false);
  assert.equal(clock.now(), 1009);
  await clock.advance(1);
  assert.equal(fired, true);
  assert.equal(clock.now(), 1010);
});

test('starts at a fixed, reproducible instant by default', () => {
  assert.equal(new VirtualClock().now(), DEFAULT_VIRTUAL_START);
});

test('timers fire in due order, ties in the order they were set, each at its own time', async () => {
  const clock = new VirtualClock({ start: 0 });
  const seen: string[] = [];
  clock.setTimer(30, () => seen.push(`c@${clock.now()}`));
  clock.setTimer(10, () => seen.push(`a@${clock.now()}`));
  clock.setTimer(20, () => seen.push(`b1@${clock.now()}`));
  clock.setTimer(20, () => seen.push(`b2@${clock.now()}`));
  const fired = await clock.advance(100);
  assert.equal(fired, 4);
  assert.deepEqual(seen, ['a@10', 'b1@20', 'b2@20', 'c@30']);
  assert.equal(clock.now(), 100);
});

test('a cancelled timer does not fire', async () => {
  const clock = new VirtualClock({ start: 0 });
  let fired = false;
  const cancel = clock.setTimer(5, () => (fired = true));
  cancel();
  assert.equal(clock.pendingTimers, 0);
  await clock.advance(10);
  assert.equal(fired, false);
});

test('async chains progress within one advance: sleep, then set the next timer', async () => {
  const clock = new VirtualClock({ start: 0 });
  const wakes: number[] = [];
  const loop = (async () => {
    for (let i = 0; i < 3; i++) {
      await Promise.resolve(); // extra hops must not stall the chain
      await clock.sleep(100);
      wakes.push(clock.now());
    }
  })();
  await clock.advance(1000);
  await loop;
  assert.deepEqual(wakes, [100, 200, 300]);
});

test('timers set while firing, due within the window, fire in the same advance', async () => {
  const clock = new VirtualClock({ start: 0 });
  const seen: number[] = [];
  clock.setTimer(10, () => {
    seen.push(clock.now());
    clock.setTimer(0, () => seen.push(clock.now()));
    clock.setTimer(50, () => seen.push(clock.now()));
    clock.setTimer(500, () => seen.push(clock.now()));
  });
  await clock.advance(100);
  assert.deepEqual(seen, [10, 10, 60]);
  assert.equal(clock.nextTimerAt(), 510);
});

test('runUntilIdle jumps to each timer and stops at the last one', async () => {
  const clock = new VirtualClock({ start: 0 });
  const seen: number[] = [];
  clock.setTimer(3_600_000, () => seen.push(clock.now()));
  clock.setTimer(60_000, () => seen.push(clock.now()));
  assert.equal(await clock.runUntilIdle(), 2);
  assert.deepEqual(seen, [60_000, 3_600_000]);
  assert.equal(clock.now(), 3_600_000);
  assert.equal(clock.nextTimerAt(), null);
});

test('runUntilIdle refuses to spin forever on a self re-arming timer', async () => {
  const clock = new VirtualClock({ start: 0 });
  const tick = (): void => {
    clock.setTimer(1000, tick);
  };
  tick();
  await assert.rejects(clock.runUntilIdle({ maxTimers: 50 }), /still busy after 50 timers/);
});

test('runUntilIdle with `until` stops there and leaves later timers pending', async () => {
  const clock = new VirtualClock({ start: 0 });
  clock.setTimer(10, () => {});
  clock.setTimer(1000, () => {});
  assert.equal(await clock.runUntilIdle({ until: 500 }), 1);
  assert.equal(clock.now(), 500);
  assert.equal(clock.pendingTimers, 1);
});

test('advanceTo never moves time backwards', async () => {
  const clock = new VirtualClock({ start: 1000 });
  await clock.advanceTo(500);
  assert.equal(clock.now(), 1000);
  await clock.advanceTo(1500);
  assert.equal(clock.now(), 1500);
});

test('a re-entrant advance is refused rather than interleaving time', async () => {
  const clock = new VirtualClock({ start: 0 });
  let inner: Promise<unknown> | undefined;
  clock.setTimer(1, () => {
    inner = clock.advance(1).catch((e: unknown) => e);
  });
  await clock.advance(5);
  assert.match(String(await inner), /another advance is running/);
});

test('settle lets continuations run without moving time', async () => {
  const clock = new VirtualClock({ start: 42 });
  let done = false;
  void Promise.resolve().then(() => (done = true));
  await clock.settle();
  assert.equal(done, true);
  assert.equal(clock.now(), 42);
});

test('pollUntil advances between probes and returns the first truthy answer', async () => {
  const clock = new VirtualClock({ start: 0 });
  let ready = false;
  clock.setTimer(4500, () => (ready = true));
  const got = await clock.pollUntil(() => ready && clock.now(), { stepMs: 1000 });
  assert.equal(got, 5000);
});

test('pollUntil gives up after its virtual timeout, naming what it waited for', async () => {
  const clock = new VirtualClock({ start: 0 });
  await assert.rejects(clock.pollUntil(() => false, { timeoutMs: 10_000, what: 'the moon' }), /10000 ms of virtual time waiting for the moon/);
  assert.equal(clock.now(), 10_000);
});
