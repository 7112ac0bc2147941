import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DriverError } from '../../core/errors.js';
import type { Notification, Notifier } from '../notifier.js';
import { FanoutNotifier } from './fanout-notifier.js';
import { LogNotifier } from './log-notifier.js';
import { driverFailure, sampleNotification, smtpNotifier } from './notify-test-kit.js';

/** A notifier that records what it was given and fails as told. */
class Scripted implements Notifier {
  readonly sent: number[] = [];
  closed = false;
  constructor(
    readonly name: string,
    private readonly fail?: () => unknown,
  ) {}
  async send(n: Notification): Promise<void> {
    if (this.fail) throw this.fail();
    this.sent.push(n.id);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const transient = (msg: string, retryAfterMs?: number) => () => new DriverError('transient', msg, retryAfterMs === undefined ? {} : { retryAfterMs });
const fatal = (msg: string) => () => new DriverError('fatal', msg);

describe('FanoutNotifier', () => {
  test('succeeds when every notifier delivered, each once', async () => {
    const a = new Scripted('a');
    const b = new Scripted('b');
    const f = new FanoutNotifier([a, b]);
    assert.equal(f.name, 'fanout(a,b)');
    await f.send(sampleNotification({ id: 5 }));
    assert.deepEqual([a.sent, b.sent], [[5], [5]]);
  });

  test('tries every notifier; one fatal failure among successes is fatal', async () => {
    const a = new Scripted('a', fatal('a: recipient refused'));
    const b = new Scripted('b');
    const e = await driverFailure(new FanoutNotifier([a, b]).send(sampleNotification()));
    assert.equal(e.kind, 'fatal');
    assert.match(e.message, /a: recipient refused/);
    assert.match(e.message, /1 of 2 delivered/);
    assert.deepEqual(b.sent, [42], 'the healthy notifier was still used');
  });

  test('any transient failure makes the whole send transient, whatever else failed', async () => {
    const f = new FanoutNotifier([new Scripted('a', fatal('a: bad address')), new Scripted('b', transient('b: 503', 2_000)), new Scripted('c', transient('c: timeout', 500))]);
    const e = await driverFailure(f.send(sampleNotification()));
    assert.equal(e.kind, 'transient');
    assert.match(e.message, /a: bad address; b: 503; c: timeout/);
    assert.equal(e.details.retryAfterMs, 2_000, 'the longest wait any receiver asked for');
  });

  test('a notifier that throws something other than a DriverError counts as transient', async () => {
    const f = new FanoutNotifier([new Scripted('a', () => new TypeError('undefined is not a function')), new Scripted('b', fatal('b: no'))]);
    const e = await driverFailure(f.send(sampleNotification()));
    assert.equal(e.kind, 'transient');
    assert.match(e.message, /a: undefined is not a function/);
  });

  test('closes every notifier', async () => {
    const a = new Scripted('a');
    const b = new Scripted('b');
    await new FanoutNotifier([a, b]).close();
    assert.deepEqual([a.closed, b.closed], [true, true]);
  });

  test('a user without e-mail: the log still gets the line, the send reports the fatal mail error', async () => {
    const lines: object[] = [];
    // Port 9 (discard) is never contacted: the missing address is caught before connecting.
    const f = new FanoutNotifier([smtpNotifier(9), new LogNotifier({ info: (o) => void lines.push(o) })]);
    const e = await driverFailure(f.send(sampleNotification({ recipient: { userId: 'bob', name: 'Bob', email: null } })));
    await f.close();
    assert.equal(e.kind, 'fatal');
    assert.match(e.message, /user bob has no e-mail address/);
    assert.equal(lines.length, 1);
  });

  test('refuses an empty list', () => {
    assert.throws(() => new FanoutNotifier([]), /at least one/);
  });
});
