import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ApiApp } from './api-app.js';

/**
 * The OpenAPI document is generated from the route schemas, so it cannot drift from what
 * the server validates. Call before any route is registered: swagger collects routes as
 * they are added. Serves /openapi.json and the Swagger UI at /docs.
 */
export async function registerOpenApi(app: ApiApp, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Drover',
        version,
        description:
          'A control plane for OpenStack private clouds. Every /v1 route needs `Authorization: Bearer <token>`; ' +
          'errors are RFC 9457 problems (application/problem+json).',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
      tags: [
        { name: 'health', description: 'Liveness, readiness and metrics (no authentication)' },
        { name: 'clouds', description: 'The clouds Drover manages' },
        { name: 'hosts', description: 'Hypervisors of every cloud' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
