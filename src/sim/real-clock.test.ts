import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RealClock } from './real-clock.js';

/** setTimer's timers are unref'd, so a test awaiting one must hold the loop open itself. */
async function holdingLoop<T>(work: Promise<T>): Promise<T> {
  const hold = setInterval(() => {}, 1000);
  try {
    return await work;
  } finally {
    clearInterval(hold);
  }
}

test('now follows the wall clock', () => {
  const before = Date.now();
  const t = new RealClock().now();
  assert.ok(t >= before && t <= Date.now());
});

test('setTimer fires after its delay; sleep resolves', async () => {
  const clock = new RealClock();
  const start = Date.now();
  const firedAt = await holdingLoop(new Promise<number>((resolve) => clock.setTimer(20, () => resolve(Date.now()))));
  assert.ok(firedAt - start >= 15, 'fired too early'); // timers may round down by a ms or two
  await clock.sleep(1); // ref'd: resolves without help
});

test('a cancelled timer does not fire', async () => {
  const clock = new RealClock();
  let fired = false;
  const cancel = clock.setTimer(5, () => (fired = true));
  cancel();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(fired, false);
});

test("a delay beyond setTimeout's limit does not fire at once", async () => {
  const clock = new RealClock();
  let fired = false;
  const cancel = clock.setTimer(40 * 24 * 3600 * 1000, () => (fired = true));
  await new Promise((r) => setTimeout(r, 20));
  cancel();
  assert.equal(fired, false);
});

test('a pending setTimer does not keep the process alive', async () => {
  const module = fileURLToPath(new URL('./real-clock.ts', import.meta.url));
  const script = `import { RealClock } from ${JSON.stringify(module)};
new RealClock().setTimer(600000, () => console.log('fired'));
console.log('armed');`;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
  assert.equal(out.trim(), 'armed');
});
