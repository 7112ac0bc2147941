import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi } from './testing/test-api.js';

test('/metrics serves the registry in Prometheus text format, with HTTP requests by route pattern', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const auth = { authorization: `Bearer ${api.adminToken}` };
  await api.app.inject({ method: 'GET', url: '/v1/hosts/sim%2Faz1-h01', headers: auth });
  await api.app.inject({ method: 'GET', url: '/v1/hosts/sim%2Fnope', headers: auth });
  await api.app.inject({ method: 'GET', url: '/no/such/thing' });

  const res = await api.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  const text = res.body;
  assert.match(text, /drover_http_requests_total\{method="GET",route="\/v1\/hosts\/:id",status_code="200"\} 1/);
  assert.match(text, /drover_http_requests_total\{method="GET",route="\/v1\/hosts\/:id",status_code="404"\} 1/);
  // Unmatched URLs do not become labels: their paths are arbitrary input.
  assert.match(text, /drover_http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1/);
  assert.doesNotMatch(text, /no\/such\/thing/);
  assert.match(text, /drover_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/hosts\/:id",status_code="200"\}/);
});

test('two apps can share one registry (the metrics are registered once)', async (t) => {
  const first = await startTestApi();
  t.after(() => first.close());
  const second = await startTestApi({ metrics: first.registry });
  t.after(() => second.close());
  await second.app.inject({ method: 'GET', url: '/healthz' });
  const res = await first.app.inject({ method: 'GET', url: '/metrics' });
  assert.match(res.body, /route="\/healthz",status_code="200"\} 1/);
});
