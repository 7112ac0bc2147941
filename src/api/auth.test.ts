import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { bearerAuth, requireRole } from './auth.js';
import { startTestApi, type TestApi } from './testing/test-api.js';

function assertUnauthorized(res: Awaited<ReturnType<FastifyInstance['inject']>>, detail: RegExp): void {
  assert.equal(res.statusCode, 401);
  assert.match(String(res.headers['www-authenticate']), /^Bearer/);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.status, 401);
  assert.equal(body.title, 'Unauthorized');
  assert.equal(body.instance, '/v1/clouds');
  assert.match(body.detail, detail);
}

test('a /v1 route without a token is refused with 401 and a WWW-Authenticate challenge', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/v1/clouds' });
  assertUnauthorized(res, /missing bearer token/);
});

test('a token in another scheme, or an unknown token, is refused with a detail saying which', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const basic = await api.app.inject({ method: 'GET', url: '/v1/clouds', headers: { authorization: 'Basic YWRtaW46eA==' } });
  assertUnauthorized(basic, /Bearer scheme/);
  const unknown = await api.app.inject({ method: 'GET', url: '/v1/clouds', headers: { authorization: 'Bearer drv_not-a-real-token' } });
  assertUnauthorized(unknown, /not valid/);
});

test('a valid token is accepted, in any case of the scheme name', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/v1/clouds', headers: { authorization: `bearer ${api.userToken}` } });
  assert.equal(res.statusCode, 200);
});

test('health, metrics and the OpenAPI document need no token', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
    const res = await api.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
  }
});

/** A route like the ones later features add: authenticated, operators only. */
async function withOperatorRoute(api: TestApi): Promise<void> {
  await api.app.register(
    async (v1) => {
      v1.addHook('onRequest', bearerAuth(api.store));
      v1.get('/ops-only', { preHandler: requireRole('operator') }, async (request) => ({ name: request.user?.name }));
    },
    { prefix: '/v1' },
  );
}

test('requireRole admits the role and those above it, and refuses others with 403', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  await withOperatorRoute(api);
  const operator = await api.store.createUser({ name: 'ops', role: 'operator', project: 'ops', email: null }, 0);
  const operatorToken = (await api.store.createToken(operator.id, 'ops', 0)).secret;

  const asUser = await api.app.inject({ method: 'GET', url: '/v1/ops-only', headers: { authorization: `Bearer ${api.userToken}` } });
  assert.equal(asUser.statusCode, 403);
  assert.match(asUser.json().detail, /needs the operator role; dev has the user role/);

  const asOperator = await api.app.inject({ method: 'GET', url: '/v1/ops-only', headers: { authorization: `Bearer ${operatorToken}` } });
  assert.equal(asOperator.statusCode, 200);
  assert.deepEqual(asOperator.json(), { name: 'ops' });

  const asAdmin = await api.app.inject({ method: 'GET', url: '/v1/ops-only', headers: { authorization: `Bearer ${api.adminToken}` } });
  assert.equal(asAdmin.statusCode, 200);
  assert.deepEqual(asAdmin.json(), { name: 'admin' });
});

test('tokens, valid or not, never reach the logs', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const bogus = 'drv_bogus-secret-0123456789';
  await api.app.inject({ method: 'GET', url: '/v1/hosts', headers: { authorization: `Bearer ${api.adminToken}` } });
  await api.app.inject({ method: 'GET', url: '/v1/hosts', headers: { authorization: `Bearer ${bogus}` } });
  await api.app.inject({ method: 'GET', url: '/v1/hosts/sim%2Fnope', headers: { authorization: `Bearer ${api.adminToken}` } });
  // The logs did capture these requests, so their absence below means something.
  assert.ok(api.logs.some((l) => l.includes('/v1/hosts')), 'request logs were captured');
  for (const line of api.logs) {
    assert.ok(!line.includes(api.adminToken), `admin token in log: ${line}`);
    assert.ok(!line.includes(bogus), `bogus token in log: ${line}`);
    assert.doesNotMatch(line, /authorization/i);
  }
});
