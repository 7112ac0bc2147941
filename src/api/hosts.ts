import { Type } from 'typebox';
import { NotFoundError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { HostSchema, toHostView } from './host-view.js';
import { problemResponses } from './problem.js';

/**
 * A host's id is `cloud/name`. It is served two ways: `/v1/hosts/{cloud}/{name}` (the
 * canonical path) and `/v1/hosts/{id}` with the slash URL-encoded (`sim%2Faz1-h01`), so a
 * client holding an id can use it without splitting it.
 */
export async function hostRoutes(app: ApiApp, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  const common = { tags: ['hosts'], security: [{ bearerAuth: [] }] };
  const one = { 200: HostSchema, ...problemResponses(401, 404) };

  app.get(
    '/hosts',
    {
      schema: {
        ...common,
        operationId: 'listHosts',
        summary: 'Hosts of every cloud, optionally filtered by cloud and availability zone',
        querystring: Type.Object({
          cloud: Type.Optional(Type.String({ minLength: 1, description: 'Only this cloud (404 if unknown)' })),
          az: Type.Optional(Type.String({ minLength: 1, description: 'Only this availability zone' })),
        }),
        response: { 200: Type.Object({ hosts: Type.Array(HostSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { cloud, az } = request.query;
      // An unknown cloud is a typo far more often than an empty cloud: say so.
      if (cloud !== undefined && !(await store.getCloud(cloud))) throw new NotFoundError(`no cloud named ${cloud}`);
      const hosts = await store.listHosts({
        ...(cloud !== undefined ? { cloud } : {}),
        ...(az !== undefined ? { availabilityZone: az } : {}),
      });
      return { hosts: hosts.map(toHostView) };
    },
  );

  const getHost = async (id: string) => {
    const host = await store.getHost(id);
    if (!host) throw new NotFoundError(`no host ${id}`);
    return toHostView(host);
  };

  app.get(
    '/hosts/:id',
    {
      schema: {
        ...common,
        operationId: 'getHost',
        summary: 'One host by id, `cloud%2Fname` (the slash URL-encoded)',
        params: Type.Object({ id: Type.String({ description: 'cloud/name, URL-encoded' }) }),
        response: one,
      },
    },
    async (request) => getHost(request.params.id),
  );

  app.get(
    '/hosts/:cloud/:name',
    {
      schema: {
        ...common,
        operationId: 'getHostByCloudAndName',
        summary: 'One host by cloud and name',
        params: Type.Object({ cloud: Type.String(), name: Type.String() }),
        response: one,
      },
    },
    async (request) => getHost(`${request.params.cloud}/${request.params.name}`),
  );
}
