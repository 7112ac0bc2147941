import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import { isDriverError } from '../../core/errors.js';
import { HttpClient, retryAfterMs, type HttpClientOptions } from './http.js';
import { startLocalServer, type LocalServer, type Reply } from './testing/local-server.js';

/** A client whose sleeps are recorded and return at once, so no test waits for real backoff. */
function client(opts: HttpClientOptions = {}): { http: HttpClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const http = new HttpClient({ sleep: async (ms) => void sleeps.push(ms), random: () => 1, ...opts });
  return { http, sleeps };
}

const servers: LocalServer[] = [];
const clients: HttpClient[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(clients.map((c) => c.close()));
});

async function serve(replies: Reply[]): Promise<LocalServer> {
  const s = await startLocalServer((_, i) => replies[Math.min(i, replies.length - 1)]!);
  servers.push(s);
  return s;
}

function track<T extends { http: HttpClient }>(c: T): T {
  clients.push(c.http);
  return c;
}

describe('retry policy', () => {
  test('a GET answered 503 is retried, honouring Retry-After, until it succeeds', async () => {
    const s = await serve([{ status: 503, headers: { 'retry-after': '2' }, body: 'busy' }, { status: 503, body: 'busy' }, { status: 200, body: { ok: true } }]);
    const { http, sleeps } = track(client());
    const res = await http.request({ method: 'GET', url: `${s.url}/x`, label: 'test GET /x' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ok: true });
    assert.equal(s.hits.length, 3);
    assert.equal(sleeps[0], 2000, 'the first wait is the cloud\'s Retry-After');
    assert.ok(sleeps[1]! <= 400, 'the second is jittered backoff within base * 2');
  });

  test('a POST that creates is not resent after a 500: the cloud may have acted on it', async () => {
    const s = await serve([{ status: 500, body: { computeFault: { code: 500, message: 'boom' } } }, { status: 202, body: {} }]);
    const { http } = track(client());
    const res = await http.request({ method: 'POST', url: `${s.url}/servers`, body: { server: {} }, label: 'compute POST /servers' });
    assert.equal(res.status, 500);
    assert.equal(s.hits.length, 1);
  });

  test('a POST answered 429 is resent: the cloud refused it without acting', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' }, { status: 202, body: { server: { id: 'a' } } }]);
    const { http, sleeps } = track(client());
    const res = await http.request({ method: 'POST', url: `${s.url}/servers`, body: {}, label: 'compute POST /servers' });
    assert.equal(res.status, 202);
    assert.equal(s.hits.length, 2);
    assert.deepEqual(sleeps, [1000]);
  });

  test('a Retry-After beyond the budget ends the retries and hands back the 429', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '120' }, body: 'later' }, { status: 200, body: {} }]);
    const { http, sleeps } = track(client({ retry: { budgetMs: 60_000 } }));
    const res = await http.request({ method: 'GET', url: `${s.url}/x`, label: 'x' });
    assert.equal(res.status, 429);
    assert.equal(s.hits.length, 1);
    assert.deepEqual(sleeps, []);
  });

  test('attempts stop at maxAttempts', async () => {
    const s = await serve([{ status: 502, body: 'bad gateway' }]);
    const { http, sleeps } = track(client({ retry: { maxAttempts: 3 } }));
    const res = await http.request({ method: 'DELETE', url: `${s.url}/x`, label: 'x' });
    assert.equal(res.status, 502);
    assert.equal(s.hits.length, 3);
    assert.equal(sleeps.length, 2);
  });

  test('a timed-out GET is retried; a timed-out POST is not, and both end as transient errors', async () => {
    const s = await serve([{ status: 200, hang: true }]);
    const { http } = track(client({ timeoutMs: 150, retry: { maxAttempts: 2 } }));
    await assert.rejects(http.request({ method: 'GET', url: `${s.url}/slow`, label: 'test GET /slow' }), (e: unknown) =>
      isDriverError(e, 'transient') && /test GET \/slow: timed out/.test(e.message));
    assert.equal(s.hits.length, 2);
    await assert.rejects(http.request({ method: 'POST', url: `${s.url}/slow`, body: {}, label: 'test POST /slow' }), (e: unknown) => isDriverError(e, 'transient'));
    assert.equal(s.hits.length, 3);
  });

  test('a refused connection is retried even for a POST: nothing was sent', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { http, sleeps } = track(client({ retry: { maxAttempts: 3 } }));
    await assert.rejects(http.request({ method: 'POST', url: `http://127.0.0.1:${port}/servers`, body: {}, label: 'compute POST /servers' }), (e: unknown) =>
      isDriverError(e, 'transient') && /ECONNREFUSED/.test(e.message));
    assert.equal(sleeps.length, 2);
  });

  test('the backoff doubles from the base and stops at the cap', async () => {
    const s = await serve([{ status: 503, body: '' }]);
    const { http, sleeps } = track(client({ retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500, budgetMs: 1e9 } }));
    await http.request({ method: 'GET', url: `${s.url}/x`, label: 'x' });
    assert.deepEqual(sleeps, [100, 200, 400, 500, 500]);
  });
});

describe('Retry-After', () => {
  test('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs('Mon, 01 Jan 2024 00:00:10 GMT', now), 10_000);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs(undefined, now), null);
  });
});
