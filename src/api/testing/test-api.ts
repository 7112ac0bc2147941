/**
 * A real API over a real in-memory store, seeded with two clouds and three hosts, for the
 * API's and the CLI's tests. Logs are captured so tests can check what reaches them.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { HostInfo } from '../../core/cloud.js';
import { openStore, type OpenStoreOptions } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { buildApp, type ApiDeps } from '../app.js';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

export function hostInfo(name: string, over: Partial<HostInfo> = {}): HostInfo {
  return {
    name,
    availabilityZone: 'az1',
    capacity: { vcpus: 64, ramMb: 262144, diskGb: 2000 },
    overcommit: { cpu: 4, ram: 1.5, disk: 1 },
    used: { vcpus: 12, ramMb: 49152, diskGb: 300 },
    servers: 5,
    service: { state: 'up', enabled: true, disabledReason: null, forcedDown: false, heartbeatAgeS: 3 },
    power: 'on',
    networks: { management: true, storage: true, tenant: null },
    load: { cpu: 0.25, ram: null },
    ...over,
  };
}

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  registry: Registry;
  adminToken: string;
  userToken: string;
  /** Every log line written so far (JSON). */
  logs: string[];
  close(): Promise<void>;
}

export async function seed(store: Store): Promise<{ adminToken: string; userToken: string }> {
  await store.upsertCloud({ name: 'sim', kind: 'sim', description: 'simulated cloud, 3 hosts' });
  await store.upsertCloud({ name: 'lab', kind: 'openstack', description: 'https://keystone.lab:5000/v3' });
  await store.syncHosts(
    'sim',
    [
      hostInfo('az1-h01'),
      hostInfo('az1-h02', {
        service: { state: 'down', enabled: false, disabledReason: 'fenced', forcedDown: true, heartbeatAgeS: 600 },
        power: 'off',
      }),
      hostInfo('az2-h01', { availabilityZone: 'az2', used: { vcpus: 0, ramMb: 1536, diskGb: 0 }, servers: 0 }),
    ],
    true,
    T0,
  );
  await store.markCloudSynced('sim', T0, null);
  await store.markCloudSynced('lab', T0, 'keystone: connection refused');
  const admin = await store.createUser({ name: 'admin', role: 'admin', project: 'admin', email: null }, T0);
  const user = await store.createUser({ name: 'dev', role: 'user', project: 'dev', email: 'dev@example.com' }, T0);
  const adminToken = (await store.createToken(admin.id, 'test admin', T0)).secret;
  const userToken = (await store.createToken(user.id, 'test user', T0)).secret;
  return { adminToken, userToken };
}

/** `db` picks another database than an in-memory SQLite one (the leasing tests run on every engine). */
export async function startTestApi(over: Partial<ApiDeps> = {}, db: { url: string; opts?: OpenStoreOptions } = { url: ':memory:' }): Promise<TestApi> {
  const store = await openStore(db.url, db.opts);
  const tokens = await seed(store);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const registry = new Registry();
  const app = await buildApp({
    store,
    logger: pino({ level: 'info' }, sink),
    metrics: registry,
    readiness: async () => ({ ready: true, checks: { store: 'ok' } }),
    version: '0.0.0-test',
    ...over,
  });
  return {
    app,
    store,
    registry,
    ...tokens,
    logs,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
