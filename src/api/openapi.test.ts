import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi } from './testing/test-api.js';

interface Operation {
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

test('/openapi.json describes every route with a response schema, and /v1 routes with bearer auth', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  assert.match(doc.openapi, /^3\./);
  assert.equal(doc.info.version, '0.0.0-test');
  assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });

  const expected = [
    '/healthz', '/readyz', '/metrics', '/v1/clouds', '/v1/hosts', '/v1/hosts/{id}', '/v1/hosts/{cloud}/{name}',
    '/v1/leases', '/v1/leases/{id}', '/v1/leases/{id}/renew', '/v1/leases/{id}/replace', '/v1/profiles', '/v1/profiles/{name}', '/v1/pools',
    '/v1/instances', '/v1/instances/{id}', '/v1/users', '/v1/users/{name}/tokens', '/v1/me', '/v1/quotas/{scope}/{name}',
    '/v1/events',
  ];
  assert.deepEqual(Object.keys(doc.paths).sort(), [...expected].sort(), 'documented paths (docs UI routes hidden)');
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const where = `${method.toUpperCase()} ${path}`;
      const success = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
      assert.ok(success.length > 0, `${where} documents a success response`);
      for (const [status, res] of success) {
        if (status === '204') continue;
        assert.ok(res.content && Object.values(res.content).every((c) => c.schema), `${where} ${status} has a schema`);
      }
      if (path.startsWith('/v1/')) {
        assert.deepEqual(op.security, [{ bearerAuth: [] }], `${where} needs a bearer token`);
        assert.ok(op.responses['401'], `${where} documents 401`);
      }
    }
  }
});

test('/docs serves the interactive API documentation', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /swagger/i);
});
