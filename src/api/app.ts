import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { bearerAuth } from './auth.js';
import { cloudRoutes } from './clouds.js';
import { installErrorHandlers } from './error-handler.js';
import { healthRoutes, type Readiness } from './health.js';
import { hostRoutes } from './hosts.js';
import { installHttpMetrics, metricsRoutes } from './metrics.js';
import { registerOpenApi } from './openapi.js';

export interface ApiDeps {
  store: Store;
  /** Used as fastify's logger; request logs never include headers, so tokens stay out. */
  logger: Logger;
  /** Where /metrics reads from and the HTTP metrics are registered. */
  metrics: Registry;
  readiness: Readiness;
  /** Shown in the OpenAPI document. */
  version: string;
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
  }).withTypeProvider<TypeBoxTypeProvider>();

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
    },
    { prefix: '/v1' },
  );
  return app as unknown as FastifyInstance;
}
