import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, T0 } from './testing/test-api.js';

test('GET /v1/clouds lists every cloud with its sync state and host count', async (t) => {
  const api = await startTestApi();
  t.after(() => api.close());
  const res = await api.app.inject({ method: 'GET', url: '/v1/clouds', headers: { authorization: `Bearer ${api.userToken}` } });
  assert.equal(res.statusCode, 200);
  const byName = new Map((res.json().clouds as Array<{ name: string }>).map((c) => [c.name, c]));
  assert.deepEqual(byName.get('sim'), {
    name: 'sim',
    kind: 'sim',
    description: 'simulated cloud, 3 hosts',
    syncedAt: new Date(T0).toISOString(),
    lastError: null,
    hosts: 3,
  });
  assert.deepEqual(byName.get('lab'), {
    name: 'lab',
    kind: 'openstack',
    description: 'https://keystone.lab:5000/v3',
    syncedAt: null,
    lastError: 'keystone: connection refused',
    hosts: 0,
  });
  assert.equal(byName.size, 2);
});
