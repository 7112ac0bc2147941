/**
 * Boot-to-ACTIVE through the OpenStack driver on the test bed, and the driver's own
 * overhead per call. Prints one JSON document.
 *
 *   node --import tsx bench/openstack-boot.ts            # bed at $DROVER_TESTBED_CLOUDS_YAML or the default
 *   DROVER_BENCH_CLOUD=testbed-demo node --import tsx bench/openstack-boot.ts
 *
 * Boot: each server is its own createServer (all at once for 20); completion is seen
 * by one listServers every DROVER_BENCH_POLL_MS (default 500) filtered on this run's tag
 * (one list call serves all servers), wall time from the first POST to the last ACTIVE.
 * The machine's load average is printed too: on a shared 2-core machine it moves the
 * figures more than anything the driver does. Runs with one port on
 * `private` and with `networks: none`, like the test bed REPORT's bench.py.
 * Overhead: getServer through the driver vs a raw fetch of the same URL with the same
 * headers, alternated, medians; once against Nova and once against a local stub that
 * answers at once (so only the driver's own work differs).
 */
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { DROVER_INSTANCE_TAG } from '../src/core/cloud.js';
import type { OpenStackCloudConfig } from '../src/drivers/openstack/cloud-config.js';
import { OpenStackDriver } from '../src/drivers/openstack/openstack-driver.js';
import { Secret } from '../src/drivers/openstack/secret.js';
import { findTestbed, testbedBoot, testbedDriver } from '../src/drivers/openstack/testing/testbed.js';

const cloudsYaml = findTestbed();
if (!cloudsYaml) {
  console.error('OpenStack test bed not running: run scripts/testbed/up (or set DROVER_TESTBED_CLOUDS_YAML)');
  process.exit(2);
}
const driver = testbedDriver(cloudsYaml, process.env.DROVER_BENCH_CLOUD ?? 'testbed');
const ids = await testbedBoot(driver);
const pollMs = Number(process.env.DROVER_BENCH_POLL_MS ?? 500);
const run = `bench-${process.pid}-${Date.now().toString(36)}`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2 : NaN;
};
const r = (ms: number) => Math.round(ms) / 1000;

async function boot(count: number, withPort: boolean) {
  const tag = `${run}-${count}-${withPort ? 'port' : 'none'}`;
  const t0 = performance.now();
  const posts: number[] = [];
  const created = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const p0 = performance.now();
      const s = await driver.createServer({
        name: `${tag}-${i}`, flavorId: ids.flavorId, imageId: ids.imageId,
        networks: withPort ? [ids.privateNet] : 'none', metadata: { [DROVER_INSTANCE_TAG]: tag },
      });
      posts.push(performance.now() - p0);
      return s.id;
    }),
  );
  const activeAt = new Map<string, number>();
  const errors: string[] = [];
  while (activeAt.size + errors.length < count) {
    if (performance.now() - t0 > 300_000) throw new Error(`${tag}: not all ACTIVE after 300 s`);
    const { servers } = await driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: tag } });
    for (const s of servers) {
      if (s.status === 'ACTIVE' && s.taskState === null && !activeAt.has(s.id)) activeAt.set(s.id, performance.now() - t0);
      if (s.status === 'ERROR' && !errors.includes(s.id)) errors.push(s.id);
    }
    await new Promise((res) => setTimeout(res, pollMs));
  }
  const hosts = new Map<string, number>();
  for (const s of (await driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: tag } })).servers) {
    hosts.set(s.host ?? '?', (hosts.get(s.host ?? '?') ?? 0) + 1);
  }
  const d0 = performance.now();
  await Promise.all(created.map((id) => driver.deleteServer(id)));
  while ((await driver.listServers({ metadata: { [DROVER_INSTANCE_TAG]: tag } })).servers.length > 0) {
    await new Promise((res) => setTimeout(res, 100));
  }
  const times = [...activeAt.values()];
  return {
    servers: count,
    network: withPort ? 'port on private' : 'none',
    wallToLastActiveS: r(Math.max(...times)),
    perServerMedianS: r(median(times)),
    perServerMinS: r(Math.min(...times)),
    perServerMaxS: r(Math.max(...times)),
    postLatencyMedianS: r(median(posts)),
    errors: errors.length,
    spread: Object.fromEntries(hosts),
    deleteAllS: r(performance.now() - d0),
  };
}

/**
 * Alternates driver.getServer, a raw fetch, and a bare undici.request on a keep-alive
 * Agent, all of the same URL with the same headers. ratio = driver / fetch;
 * overheadVsUndiciMs = what the driver adds to the HTTP client it is built on.
 */
async function overhead(d: OpenStackDriver, url: string, headers: () => Promise<Record<string, string>>, id: string, n: number) {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const viaDriver: number[] = [];
  const viaFetch: number[] = [];
  const viaUndici: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const h = await headers();
    const a = performance.now();
    await d.getServer(id);
    const b = performance.now();
    const res = await fetch(url, { headers: h });
    await res.json();
    const c = performance.now();
    const u = await request(url, { headers: h, dispatcher: agent });
    await u.body.json();
    const e = performance.now();
    if (i >= 3) {
      viaDriver.push(b - a);
      viaFetch.push(c - b);
      viaUndici.push(e - c);
    }
  }
  await agent.close();
  const ms = (x: number) => +x.toFixed(3);
  return {
    calls: n,
    driverMedianMs: ms(median(viaDriver)),
    rawFetchMedianMs: ms(median(viaFetch)),
    rawUndiciMedianMs: ms(median(viaUndici)),
    ratio: +(median(viaDriver) / median(viaFetch)).toFixed(3),
    overheadVsUndiciMs: ms(median(viaDriver) - median(viaUndici)),
  };
}

async function novaOverhead() {
  const s = await driver.createServer({ name: `${run}-overhead`, flavorId: ids.flavorId, imageId: ids.imageId, networks: 'none', metadata: { [DROVER_INSTANCE_TAG]: `${run}-overhead` } });
  try {
    const url = `${await driver.compute.client.base()}/servers/${s.id}`;
    const mv = await driver.computeMicroversion();
    const headers = async () => ({ 'x-auth-token': (await driver.session.token()).value.reveal(), 'openstack-api-version': `compute ${mv}`, accept: 'application/json' });
    return await overhead(driver, url, headers, s.id, 30);
  } finally {
    await driver.deleteServer(s.id);
  }
}

/** The same comparison against a stub that answers at once: the driver's own cost. */
async function stubOverhead() {
  const serverJson = JSON.stringify({ server: { id: 's1', name: 'x', status: 'ACTIVE', created: '2024-01-01T00:00:00Z', updated: '2024-01-01T00:00:00Z', flavor: { id: 'f' }, image: { id: 'i' }, metadata: {}, addresses: {} } });
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/v3/auth/tokens') {
        const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
        res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 't' });
        res.end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), roles: [], project: { id: 'p' }, catalog: [{ type: 'compute', endpoints: [{ interface: 'public', region: 'R', url: `${base}/v2.1` }] }] } }));
      } else if (req.url === '/v2.1/') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ version: { id: 'v2.1', version: '2.93', min_version: '2.1' } }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(serverJson);
      }
    });
  });
  await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const config: OpenStackCloudConfig = {
    name: 'stub', sourceFile: null, secureFile: null, regionName: null, interface: 'public', serviceInterfaces: {}, endpointOverrides: {},
    apiVersions: {}, verify: true, cacert: null, cert: null, key: null, identityApiVersion: '3', apiTimeoutMs: null,
    auth: { type: 'password', authUrl: `${base}/v3`, userId: 'u', password: new Secret('p'), scope: { kind: 'project', projectId: 'p' } },
  };
  const d = new OpenStackDriver(config);
  try {
    return await overhead(d, `${base}/v2.1/servers/s1`, async () => ({ 'x-auth-token': 't', 'openstack-api-version': 'compute 2.93', accept: 'application/json' }), 's1', 300);
  } finally {
    await d.close();
    http.closeAllConnections();
    http.close();
  }
}

try {
  const result = {
    cloud: process.env.DROVER_BENCH_CLOUD ?? 'testbed',
    computeMicroversion: await driver.computeMicroversion(),
    pollMs,
    loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
    boot: [await boot(1, false), await boot(1, true), await boot(20, false), await boot(20, true)],
    getServerOverhead: { nova: await novaOverhead(), localStub: await stubOverhead() },
    loadAverageAtEnd: loadavg().map((x) => +x.toFixed(2)),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await driver.close();
}
