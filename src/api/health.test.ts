import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi } from './testing/test-api.js';

test('/healthz answers ok without a token', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
});

test('/readyz is 200 when ready and 503 with the failing checks when not', async (t) => {
  let state = { ready: true, checks: { store: 'ok' } as Record<string, string> };
  const api = await startTestApi({ readiness: async () => state });
  t.after(() => api.close());

  const ok = await api.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { ready: true, checks: { store: 'ok' } });

  state = { ready: false, checks: { store: 'ok', 'cloud:lab': 'error: keystone unreachable' } };
  const notReady = await api.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(notReady.statusCode, 503);
  assert.deepEqual(notReady.json(), state);
});

test('/readyz is 503 when the readiness check itself throws, without leaking its message', async (t) => {
  const api = await startTestApi({
    readiness: async () => {
      throw new Error('password=hunter2 rejected by db');
    },
  });
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().ready, false);
  assert.doesNotMatch(res.body, /hunter2/);
});
