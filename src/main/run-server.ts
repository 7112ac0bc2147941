import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { buildApp } from '../api/app.js';
import { demoCatalogue } from '../core/leasing/demo-catalogue.js';
import { RealClock } from '../sim/real-clock.js';
import { openStore } from '../store/open-store.js';
import { buildDrivers } from './build-drivers.js';
import { buildNotifier } from './build-notifier.js';
import { cloudsOf, loadConfig, profilesOf } from './config/load-config.js';
import { ensureAdmin } from './ensure-admin.js';
import type { Profile } from '../core/leasing/types.js';
import type { Store } from '../store/store.js';
import type { CloudConfig } from './config/schema.js';
import { controllerMetrics } from './controller-metrics.js';
import { leaseNudges } from './lease-nudges.js';
import { registerLeasingMetrics } from './leasing-metrics.js';
import { startControllers } from './start-controllers.js';

export interface ServerOptions {
  dataDir: string;
  /** CLI flags win over drover.yaml, which wins over the defaults. */
  host?: string;
  port?: number;
  configPath?: string;
  logLevel?: string;
}

export interface RunningServer {
  url: string;
  openapiUrl: string;
  docsUrl: string;
  adminToken: string;
  adminTokenCreated: boolean;
  close(): Promise<void>;
}

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Starts Drover in one process: store, drivers, controllers, REST API. */
export async function runServer(opts: ServerOptions): Promise<RunningServer> {
  const config = loadConfig(opts.configPath ?? process.env.DROVER_CONFIG);
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Logs go to stderr: stdout is for what the user asked to see (the banner, tables).
  const logger = pino({ level: opts.logLevel ?? config.log?.level ?? 'info' }, pino.destination(2));
  const clock = new RealClock();

  const store = await openStore(process.env.DROVER_DATABASE_URL ?? config.database?.url ?? `sqlite:${join(dataDir, 'drover.db')}`);
  const clouds = cloudsOf(config);
  const drivers = await buildDrivers(clouds, clock);
  for (const cloud of clouds) {
    await store.upsertCloud({ name: cloud.name, kind: cloud.kind, description: drivers.describe(cloud.name) });
  }
  const admin = await ensureAdmin(store, dataDir, clock.now());
  await loadCatalogue(store, profilesOf(config), clouds, clock.now(), logger);

  // One id per database: what this Drover boots carries it, so that another Drover on
  // the same OpenStack project never takes these servers for its orphans (nor we theirs).
  const installationId = await store.installationId();

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  registerLeasingMetrics(metrics, store);
  const controllers = startControllers(
    { store, drivers: drivers.byName, notifier: buildNotifier(config.notifications, logger), clock, logger, installationId },
    { hostSyncMs: (config.controllers?.hostSyncSeconds ?? 10) * 1000 },
    controllerMetrics(metrics),
  );

  const app = await buildApp({
    store,
    logger,
    metrics,
    version: VERSION,
    clock,
    // The API writes intent; the nudges make the controllers look soon (see lease-nudges.ts).
    onLeaseWritten: leaseNudges(controllers),
    readiness: async () => {
      const checks: Record<string, string> = {};
      try {
        for (const c of await store.listClouds()) checks[`cloud:${c.name}`] = c.lastError ? `error: ${c.lastError}` : c.syncedAt ? 'ok' : 'not synced yet';
        checks.store = 'ok';
      } catch (error) {
        checks.store = `error: ${(error as Error).message}`;
      }
      return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
    },
  });
  const host = opts.host ?? config.server?.host ?? '127.0.0.1';
  const port = opts.port ?? config.server?.port ?? 8787;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await controllers.stop();
    await drivers.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  logger.info({ url, clouds: clouds.map((c) => c.name), engine: store.engine, installation: installationId }, 'drover is up');

  return {
    url,
    openapiUrl: `${url}/openapi.json`,
    docsUrl: `${url}/docs`,
    adminToken: admin.token,
    adminTokenCreated: admin.created,
    async close() {
      await app.close();
      await controllers.stop();
      await drivers.close();
      await store.close();
    },
  };
}

/**
 * Profiles from drover.yaml are written to the store at every start. With none
 * configured and only simulated clouds, the demo catalogue is loaded (once), so that
 * `drover request` works right away.
 */
async function loadCatalogue(
  store: Store,
  profiles: Profile[],
  clouds: CloudConfig[],
  now: number,
  logger: { info(obj: object, msg?: string): void },
): Promise<void> {
  if (profiles.length === 0 && clouds.every((c) => c.kind === 'sim') && (await store.listProfiles()).length === 0) {
    profiles = demoCatalogue(clouds.map((c) => c.name));
  }
  for (const p of profiles) {
    const outcome = await store.upsertProfile(p, now);
    if (outcome !== 'unchanged') logger.info({ profile: p.name, outcome }, 'profile loaded');
  }
}
