import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { LeaseRecord, Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { bearerAuth } from './auth.js';
import { systemClock, type ApiClock } from './clock.js';
import { cloudRoutes } from './clouds.js';
import { installErrorHandlers } from './error-handler.js';
import { eventRoutes } from './events.js';
import { healthRoutes, type Readiness } from './health.js';
import { hostRoutes } from './hosts.js';
import { instanceRoutes } from './instances.js';
import { leaseRoutes } from './leases/lease-routes.js';
import { installHttpMetrics, metricsRoutes } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { poolRoutes } from './pools.js';
import { profileRoutes } from './profiles.js';
import { quotaRoutes } from './quotas.js';
import { schemaErrorFormatter } from './schema-error-formatter.js';
import { userRoutes } from './users.js';

export interface ApiDeps {
  store: Store;
  /** Used as fastify's logger; request logs never include headers, so tokens stay out. */
  logger: Logger;
  /** Where /metrics reads from and the HTTP metrics are registered. */
  metrics: Registry;
  readiness: Readiness;
  /** Shown in the OpenAPI document. */
  version: string;
  /** The time requests are handled at (lease start and expiry). Default: the system clock. */
  clock?: ApiClock;
  /**
   * Told of every lease the API created, renewed or released, after it is stored, so
   * that the composition root can nudge the controllers to look now. Never required:
   * the controllers' resync finds every change anyway.
   */
  onLeaseWritten?: (lease: LeaseRecord) => void;
}

/**
 * Builds the REST API. Not yet listening and not yet `ready()`: the caller may add routes
 * (register them under the `/v1` prefix with `bearerAuth`) before `listen()` or `inject()`.
 */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app: ApiApp = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Browsers and proxies sometimes add a trailing slash; it names the same resource.
    routerOptions: { ignoreTrailingSlash: true },
    // Unknown body fields are refused (400 naming the field), not silently dropped, and a
    // value of the wrong type is refused rather than coerced ("5" is not 5): a client's
    // typo must not turn into a lease it did not ask for. Query strings are declared as
    // strings for the same reason.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    schemaErrorFormatter,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = deps.clock ?? systemClock;
  app.decorateRequest('user', null);
  installErrorHandlers(app);
  installHttpMetrics(app, deps.metrics);
  await registerOpenApi(app, deps.version);

  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(metricsRoutes, { registry: deps.metrics });
  await app.register(
    async (v1: ApiApp) => {
      v1.addHook('onRequest', bearerAuth(deps.store));
      await v1.register(cloudRoutes, { store: deps.store });
      await v1.register(hostRoutes, { store: deps.store });
      await v1.register(leaseRoutes, { store: deps.store, clock, metrics: deps.metrics, ...(deps.onLeaseWritten ? { onLeaseWritten: deps.onLeaseWritten } : {}) });
      await v1.register(profileRoutes, { store: deps.store, clock });
      await v1.register(poolRoutes, { store: deps.store, clock });
      await v1.register(instanceRoutes, { store: deps.store });
      await v1.register(userRoutes, { store: deps.store, clock });
      await v1.register(quotaRoutes, { store: deps.store });
      await v1.register(eventRoutes, { store: deps.store });
    },
    { prefix: '/v1' },
  );
  return app as unknown as FastifyInstance;
}
