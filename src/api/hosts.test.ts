import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, T0 } from './testing/test-api.js';

async function get(url: string) {
  const api = await startTestApi();
  const res = await api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${api.userToken}` } });
  await api.close();
  return res;
}

const ids = (res: { json(): { hosts: Array<{ id: string }> } }) => res.json().hosts.map((h) => h.id).sort();

test('GET /v1/hosts lists hosts of every cloud, filtered by cloud and az', async () => {
  assert.deepEqual(ids(await get('/v1/hosts')), ['sim/az1-h01', 'sim/az1-h02', 'sim/az2-h01']);
  assert.deepEqual(ids(await get('/v1/hosts?cloud=sim&az=az2')), ['sim/az2-h01']);
  assert.deepEqual(ids(await get('/v1/hosts?az=az1')), ['sim/az1-h01', 'sim/az1-h02']);
  assert.deepEqual(ids(await get('/v1/hosts?cloud=lab')), []);
});

test('GET /v1/hosts?cloud= names an unknown cloud as not found rather than listing nothing', async () => {
  const res = await get('/v1/hosts?cloud=nope');
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().detail, 'no cloud named nope');
});

test('GET /v1/hosts rejects an empty filter, naming the parameter', async () => {
  const res = await get('/v1/hosts?az=');
  assert.equal(res.statusCode, 400);
  assert.match(res.json().detail, /^querystring\/az /);
  assert.equal(res.json().field, 'az');
});

test('a host is served by its URL-encoded id and by cloud and name, with every field', async () => {
  const encoded = await get('/v1/hosts/sim%2Faz1-h02');
  const split = await get('/v1/hosts/sim/az1-h02');
  assert.equal(encoded.statusCode, 200);
  assert.deepEqual(encoded.json(), split.json());
  assert.deepEqual(encoded.json(), {
    id: 'sim/az1-h02',
    cloud: 'sim',
    name: 'az1-h02',
    availabilityZone: 'az1',
    capacity: { vcpus: 64, ramMb: 262144, diskGb: 2000 },
    overcommit: { cpu: 4, ram: 1.5, disk: 1 },
    used: { vcpus: 12, ramMb: 49152, diskGb: 300 },
    servers: 5,
    service: { state: 'down', enabled: false, disabledReason: 'fenced', forcedDown: true, heartbeatAgeS: 600 },
    power: 'off',
    networks: { management: true, storage: true, tenant: null },
    load: { cpu: 0.25, ram: null },
    updatedAt: new Date(T0).toISOString(),
  });
});

test('an unknown host is a 404 problem naming it', async () => {
  for (const url of ['/v1/hosts/sim%2Fnope', '/v1/hosts/sim/nope']) {
    const res = await get(url);
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.json().detail, 'no host sim/nope');
  }
});
