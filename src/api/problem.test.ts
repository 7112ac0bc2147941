import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import {
  AuthError,
  ConflictError,
  DriverError,
  ForbiddenError,
  InputError,
  InvalidStateError,
  NoValidHostError,
  NotFoundError,
  QuotaExceededError,
  TerminalError,
} from '../core/errors.js';
import { toProblem } from './problem.js';
import { startTestApi } from './testing/test-api.js';

test('each domain error maps to its status, keeping its message as the detail', () => {
  const cases: Array<[Error, number]> = [
    [new InputError('duration must be positive', 'duration'), 400],
    [new AuthError('no token'), 401],
    [new ForbiddenError('operators only'), 403],
    [new QuotaExceededError('8 of 8 instances used'), 403],
    [new NotFoundError('no host sim/x'), 404],
    [new ConflictError('name taken'), 409],
    [new InvalidStateError('instance is not leased'), 409],
    [new NoValidHostError('no host has 64 GiB free', ['RamFilter removed 3 hosts']), 409],
    [new DriverError('transient', 'nova: 503'), 503],
    [new DriverError('fatal', 'nova: 400 bad flavor'), 502],
  ];
  for (const [err, status] of cases) {
    const { problem, internal } = toProblem(err, '/v1/x');
    assert.equal(problem.status, status, err.constructor.name);
    assert.equal(problem.detail, err.message);
    assert.equal(problem.instance, '/v1/x');
    assert.match(problem.type, /^urn:drover:problem:[a-z-]+$/);
    assert.equal(internal, status === 502, err.constructor.name);
  }
  assert.equal(toProblem(new InputError('bad', 'spec.count'), '/').problem.field, 'spec.count');
  assert.deepEqual(toProblem(new NoValidHostError('none', ['RamFilter: 3']), '/').problem.reasons, ['RamFilter: 3']);
});

test('anything else is a 500 that says nothing of the error', () => {
  for (const err of [new Error('ECONNREFUSED 10.0.0.5:5432 password=x'), new TerminalError('bug'), 'a string', null]) {
    const { problem, internal } = toProblem(err, '/v1/x');
    assert.equal(problem.status, 500);
    assert.equal(problem.detail, 'an internal error occurred; it has been logged');
    assert.equal(internal, true);
  }
});

async function appWithProbes() {
  const api = await startTestApi();
  api.app.post(
    '/probe/body',
    { schema: { body: Type.Object({ duration: Type.Integer(), spec: Type.Object({ count: Type.Integer() }) }) } },
    async () => ({ ok: true }),
  );
  api.app.get('/probe/not-found', async () => {
    throw new NotFoundError('no lease 42');
  });
  api.app.get('/probe/crash', async () => {
    const e = new Error('connect ECONNREFUSED 10.1.2.3:5432 user=drover');
    throw e;
  });
  return api;
}

test('an unknown route is a 404 problem', async (t) => {
  const api = await appWithProbes();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
  assert.equal(res.statusCode, 404);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(res.json(), {
    type: 'urn:drover:problem:not-found',
    title: 'Not Found',
    status: 404,
    detail: 'no route GET /v1/nothing-here',
    instance: '/v1/nothing-here',
  });
});

test('malformed JSON is a 400 saying so', async (t) => {
  const api = await appWithProbes();
  t.after(() => api.close());
  const res = await api.app.inject({
    method: 'POST',
    url: '/probe/body',
    headers: { 'content-type': 'application/json' },
    payload: '{"duration": 3,',
  });
  assert.equal(res.statusCode, 400);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.json().detail, 'request body is not valid JSON');
});

test('a schema violation is a 400 whose detail and field name the field', async (t) => {
  const api = await appWithProbes();
  t.after(() => api.close());
  const wrongType = await api.app.inject({ method: 'POST', url: '/probe/body', payload: { duration: 'soon', spec: { count: 1 } } });
  assert.equal(wrongType.statusCode, 400);
  assert.equal(wrongType.json().detail, 'body/duration must be integer');
  assert.equal(wrongType.json().field, 'duration');

  const nested = await api.app.inject({ method: 'POST', url: '/probe/body', payload: { duration: 1, spec: { count: 1.5 } } });
  assert.equal(nested.json().detail, 'body/spec/count must be integer');
  assert.equal(nested.json().field, 'spec.count');

  const missing = await api.app.inject({ method: 'POST', url: '/probe/body', payload: { spec: { count: 1 } } });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.json().detail, /duration/);
  assert.equal(missing.json().field, 'duration');
});

test('a domain error thrown by a route becomes its problem', async (t) => {
  const api = await appWithProbes();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/probe/not-found' });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().detail, 'no lease 42');
});

test('an unexpected error is a 500 with no stack or internals in the body, and is logged', async (t) => {
  const api = await appWithProbes();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/probe/crash' });
  assert.equal(res.statusCode, 500);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(res.json(), {
    type: 'urn:drover:problem:internal',
    title: 'Internal Server Error',
    status: 500,
    detail: 'an internal error occurred; it has been logged',
    instance: '/probe/crash',
  });
  assert.doesNotMatch(res.body, /ECONNREFUSED|10\.1\.2\.3|at .*\.ts|stack/);
  const logged = api.logs.map((l) => JSON.parse(l) as { level: number; err?: { message: string } });
  assert.ok(logged.some((l) => l.level === 50 && l.err?.message.includes('ECONNREFUSED')), 'the error is logged');
});
