import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, seedUser } from './testing/leasing-seed.js';
import { startTestApi } from './testing/test-api.js';

test('an admin sets quotas field by field (null removes a limit); users read their own and their project\'s', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const put = (url: string, payload: object, token = api.adminToken) => api.app.inject({ method: 'PUT', url, headers: bearer(token), payload });
  const get = (url: string, token = api.userToken) => api.app.inject({ method: 'GET', url, headers: bearer(token) });

  assert.deepEqual((await put('/v1/quotas/user/dev', { instances: 4, vcpus: 16 })).json().limits, { instances: 4, vcpus: 16, ramMb: null });
  assert.deepEqual((await put('/v1/quotas/user/dev', { ramMb: 32768, vcpus: null })).json().limits, { instances: 4, vcpus: null, ramMb: 32768 });
  const mine = await get('/v1/quotas/user/dev');
  assert.equal(mine.statusCode, 200);
  assert.deepEqual(mine.json(), {
    scope: 'user',
    name: 'dev',
    limits: { instances: 4, vcpus: null, ramMb: 32768 },
    usage: { instances: 0, vcpus: 0, ramMb: 0 },
  });
  assert.equal((await get('/v1/quotas/project/dev')).statusCode, 200);
  assert.equal((await get('/v1/quotas/project/other')).statusCode, 403);
  assert.equal((await get('/v1/quotas/user/admin')).statusCode, 403);
  const op = await seedUser(api.store, 'olga', 'operator', 'ops');
  assert.equal((await get('/v1/quotas/user/dev', op.token)).statusCode, 200);
  assert.equal((await put('/v1/quotas/user/dev', { instances: 1 }, op.token)).statusCode, 403);

  assert.equal((await put('/v1/quotas/user/nobody', { instances: 1 })).statusCode, 404);
  assert.equal((await put('/v1/quotas/team/dev', { instances: 1 })).json().field, 'scope');
  assert.equal((await put('/v1/quotas/user/dev', { instances: -1 })).json().field, 'instances');
  assert.equal((await put('/v1/quotas/user/dev', { instances: '3' })).json().field, 'instances');
  assert.equal((await put('/v1/quotas/user/dev', { disks: 3 })).json().field, 'disks');
  assert.deepEqual((await get('/v1/quotas/user/dev')).json().limits, { instances: 4, vcpus: null, ramMb: 32768 });
});
