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
        { name: 'leases', description: 'VM leases: request from the warm pool, renew, release' },
        { name: 'profiles', description: 'The catalogue of what can be leased (operators write it)' },
        { name: 'pools', description: 'Warm pools of ready VMs per profile and cloud' },
        { name: 'instances', description: "Drover's VMs (operators)" },
        { name: 'users', description: 'Users, API tokens, and who am I' },
        { name: 'quotas', description: 'Limits per user and per project' },
        { name: 'events', description: 'The event log' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
