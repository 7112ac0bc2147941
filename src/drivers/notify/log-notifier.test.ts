import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { LogNotifier } from './log-notifier.js';
import { driverFailure, sampleNotification } from './notify-test-kit.js';

/** A real pino logger writing JSON lines into memory. */
function memoryPino() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

test('writes one structured line per notification through pino', async () => {
  const { logger, lines } = memoryPino();
  const n = new LogNotifier(logger);
  await n.send(sampleNotification({ data: { leaseId: 'L-1', expiresAt: '2025-06-01T12:00:00Z' } }));
  await n.close();
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(line.level, 30, 'info');
  assert.equal(line.msg, 'notification: Your VM redis-test expires in 24 hours');
  assert.equal(line.notification, 42);
  assert.equal(line.kind, 'lease.expiring');
  assert.equal(line.userId, 'alice');
  assert.equal(line.body, sampleNotification().body);
  assert.deepEqual(line.data, { leaseId: 'L-1', expiresAt: '2025-06-01T12:00:00Z' });
  assert.ok(!lines[0]!.includes('alice@example.org'), 'no e-mail address in the log');
});

test('keeps secret-looking data values out of the log', async () => {
  const { logger, lines } = memoryPino();
  await new LogNotifier(logger).send(sampleNotification({ data: { leaseId: 'L-1', server: { password: 'hunter2', apiToken: 'tok' } } }));
  assert.ok(!lines[0]!.includes('hunter2') && !lines[0]!.includes('"tok"'), lines[0]);
  assert.deepEqual((JSON.parse(lines[0]!) as { data: unknown }).data, { leaseId: 'L-1', server: { password: '[redacted]', apiToken: '[redacted]' } });
});

test('a logger that fails gives a DriverError', async () => {
  const broken = {
    info() {
      throw new Error('stream closed');
    },
  };
  const e = await driverFailure(new LogNotifier(broken).send(sampleNotification()));
  assert.equal(e.kind, 'transient');
  assert.match(e.message, /stream closed/);
});
