import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { driverFailure, sampleNotification } from './notify-test-kit.js';
import { WebhookNotifier, type WebhookNotifierOptions } from './webhook-notifier.js';

interface Hit {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Responder = (res: ServerResponse) => void;

const SECRET = 'whsec-0123456789abcdef';
const TOKEN = 'T0KEN-in-the-path';

/** A real HTTP receiver on loopback; each request takes the next responder (default 204). */
describe('WebhookNotifier against a real HTTP server', () => {
  const hits: Hit[] = [];
  let script: Responder[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = script.shift() ?? ((r: ServerResponse) => r.writeHead(204).end());
      next(res);
    });
  });
  let base = '';
  let sleeps: number[] = [];
  const notifiers: WebhookNotifier[] = [];

  function webhook(over: Partial<WebhookNotifierOptions> = {}): WebhookNotifier {
    const n = new WebhookNotifier({
      url: `${base}/hooks/${TOKEN}?team=ops`,
      secret: SECRET,
      timeoutMs: 5_000,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...over,
    });
    notifiers.push(n);
    return n;
  }
  const status = (code: number, body = '', headers: Record<string, string> = {}): Responder => (res) => res.writeHead(code, headers).end(body);

  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    hits.length = 0;
    script = [];
    sleeps = [];
  });
  after(async () => {
    await Promise.all(notifiers.map((n) => n.close()));
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('posts the notification as JSON, without the e-mail address, with a signature that verifies', async () => {
    await webhook().send(sampleNotification());
    assert.equal(hits.length, 1);
    const hit = hits[0]!;
    assert.equal(hit.url, `/hooks/${TOKEN}?team=ops`);
    assert.match(String(hit.headers['content-type']), /^application\/json/);
    assert.equal(hit.headers['x-drover-notification'], '42');
    assert.equal(hit.headers['x-drover-event'], 'lease.expiring');
    const n = sampleNotification();
    assert.deepEqual(JSON.parse(hit.body), {
      id: 42,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      data: { leaseId: 'L-1' },
      recipient: { userId: 'alice', name: 'Alice Example' },
    });
    // Verify as a receiver would: HMAC over the raw bytes, constant-time compare.
    const sent = String(hit.headers['x-drover-signature']);
    assert.match(sent, /^sha256=[0-9a-f]{64}$/);
    const expected = `sha256=${createHmac('sha256', SECRET).update(hit.body).digest('hex')}`;
    assert.ok(timingSafeEqual(Buffer.from(sent), Buffer.from(expected)), 'signature verifies with the shared secret');
    const forged = `sha256=${createHmac('sha256', 'other-secret').update(hit.body).digest('hex')}`;
    assert.notEqual(sent, forged);
  });

  test('without a secret, sends no signature; extra headers go along', async () => {
    await webhook({ secret: undefined, headers: { Authorization: 'Bearer abc', 'Content-Type': 'text/plain' } }).send(sampleNotification());
    assert.equal(hits[0]!.headers['x-drover-signature'], undefined);
    assert.equal(hits[0]!.headers.authorization, 'Bearer abc');
    assert.equal(hits[0]!.headers['content-type'], 'application/json', 'a configured header cannot replace the content type');
  });

  test('a 500 is retried after a jittered pause, then the 200 delivers the same body', async () => {
    script = [status(500, 'database is down'), status(200, 'ok')];
    await webhook().send(sampleNotification());
    assert.equal(hits.length, 2);
    assert.equal(hits[0]!.body, hits[1]!.body);
    assert.equal(hits[0]!.headers['x-drover-signature'], hits[1]!.headers['x-drover-signature']);
    assert.deepEqual(sleeps, [50], 'random 0.5 of the first cap (base 100 ms)');
  });

  test('a 400 is fatal at once, with the status and the receiver words, not retried', async () => {
    script = [status(400, '{"error":"unknown kind"}', { 'content-type': 'application/json' })];
    const e = await driverFailure(webhook().send(sampleNotification()));
    assert.equal(e.kind, 'fatal');
    assert.equal(e.details.status, 400);
    assert.match(e.message, /400 .*unknown kind/);
    assert.equal(hits.length, 1);
    assert.deepEqual(sleeps, []);
  });

  test('a receiver that keeps failing: transient after the attempt budget, backoff growing', async () => {
    script = [status(503), status(502), status(500), status(200)];
    const e = await driverFailure(webhook({ random: () => 1 }).send(sampleNotification()));
    assert.equal(e.kind, 'transient');
    assert.equal(e.details.status, 500);
    assert.equal(hits.length, 3);
    assert.deepEqual(sleeps, [100, 200]);
  });

  test('429 with Retry-After: waits as asked when short, hands a long wait back to the caller', async () => {
    script = [status(429, '', { 'retry-after': '1' }), status(204)];
    await webhook().send(sampleNotification());
    assert.deepEqual(sleeps, [1000]);

    sleeps = [];
    script = [status(429, '', { 'retry-after': '3600' })];
    const e = await driverFailure(webhook().send(sampleNotification()));
    assert.equal(e.kind, 'transient');
    assert.equal(e.details.retryAfterMs, 3_600_000);
    assert.deepEqual(sleeps, []);
  });

  test('a redirect is fatal (the configured URL is wrong)', async () => {
    script = [status(301, '', { location: '/elsewhere' })];
    const e = await driverFailure(webhook().send(sampleNotification()));
    assert.equal(e.kind, 'fatal');
    assert.match(e.message, /301/);
    assert.equal(hits.length, 1);
  });

  test('no answer within the timeout is transient', async () => {
    const stalled: ServerResponse[] = [];
    script = [(res) => stalled.push(res)];
    const e = await driverFailure(webhook({ timeoutMs: 300, retry: { maxAttempts: 1 } }).send(sampleNotification()));
    assert.equal(e.kind, 'transient');
    assert.match(e.message, /no answer within 300 ms/);
    for (const res of stalled) res.destroy();
  });

  test('errors never show the secret, the URL path or its query', async () => {
    script = [status(500), status(500), status(500)];
    const e = await driverFailure(webhook().send(sampleNotification()));
    for (const secret of [SECRET, TOKEN, 'team=ops']) assert.ok(!e.message.includes(secret), e.message);
    assert.ok(e.message.includes(base), 'names the receiver by its origin');
  });
});

describe('WebhookNotifier without a receiver', () => {
  test('connection refused is transient, retried, and does not show the URL path', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));

    const sleeps: number[] = [];
    const n = new WebhookNotifier({ url: `http://127.0.0.1:${port}/hooks/${TOKEN}`, retry: { maxAttempts: 2 }, sleep: async (ms) => void sleeps.push(ms) });
    const e = await driverFailure(n.send(sampleNotification()));
    await n.close();
    assert.equal(e.kind, 'transient');
    assert.match(e.message, /ECONNREFUSED/);
    assert.ok(!e.message.includes(TOKEN), e.message);
    assert.equal(sleeps.length, 1);
  });

  test('refuses a URL it cannot post to', () => {
    assert.throws(() => new WebhookNotifier({ url: 'not a url' }), /not a URL/);
    assert.throws(() => new WebhookNotifier({ url: 'ftp://example.com/x' }), /http or https/);
  });
});
