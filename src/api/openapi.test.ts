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

  const expected = ['/healthz', '/readyz', '/metrics', '/v1/clouds', '/v1/hosts', '/v1/hosts/{id}', '/v1/hosts/{cloud}/{name}'];
  assert.deepEqual(Object.keys(doc.paths).sort(), [...expected].sort(), 'documented paths (docs UI routes hidden)');
  for (const [path, methods] of Object.entries(doc.paths)) {
    const op = methods.get;
    assert.ok(op, `${path} has GET`);
    const ok = op.responses['200'];
    assert.ok(ok?.content && Object.values(ok.content).every((c) => c.schema), `${path} 200 has a schema`);
    if (path.startsWith('/v1/')) {
      assert.deepEqual(op.security, [{ bearerAuth: [] }], `${path} needs a bearer token`);
      assert.ok(op.responses['401'], `${path} documents 401`);
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
