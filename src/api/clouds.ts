import { Type, type Static } from 'typebox';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { problemResponses } from './problem.js';
import { isoTime, NullableTime } from './time.js';

export const CloudSchema = Type.Object({
  name: Type.String(),
  kind: Type.String({ description: "'sim' or 'openstack'" }),
  description: Type.String(),
  syncedAt: NullableTime('Last successful sync; null before the first'),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Last sync error; null when the last sync succeeded' }),
  hosts: Type.Integer({ description: 'Hosts Drover knows in this cloud' }),
});
export type CloudView = Static<typeof CloudSchema>;

export async function cloudRoutes(app: ApiApp, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  app.get(
    '/clouds',
    {
      schema: {
        tags: ['clouds'],
        operationId: 'listClouds',
        summary: 'The clouds Drover manages, with their sync state and host counts',
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Object({ clouds: Type.Array(CloudSchema) }), ...problemResponses(401) },
      },
    },
    async () => {
      const [clouds, hosts] = await Promise.all([store.listClouds(), store.listHosts()]);
      const counts = new Map<string, number>();
      for (const h of hosts) counts.set(h.cloud, (counts.get(h.cloud) ?? 0) + 1);
      return {
        clouds: clouds.map((c) => ({
          name: c.name,
          kind: c.kind,
          description: c.description,
          syncedAt: isoTime(c.syncedAt),
          lastError: c.lastError,
          hosts: counts.get(c.name) ?? 0,
        })),
      };
    },
  );
}
