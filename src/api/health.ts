import { Type } from 'typebox';
import type { ApiApp } from './api-app.js';

export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, string> }>;

const Ready = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.String(), { description: 'Each check and its outcome' }),
});

/**
 * Liveness says the process serves HTTP; readiness says it can do its job (store reachable,
 * clouds synced...). A failing readiness check is an answer (503), not an error.
 */
export async function healthRoutes(app: ApiApp, opts: { readiness: Readiness }): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: always ok while the process serves HTTP',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: 200 when ready, 503 with the failing checks otherwise',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (request, reply) => {
      let result: { ready: boolean; checks: Record<string, string> };
      try {
        result = await opts.readiness();
      } catch (err) {
        request.log.error({ err }, 'readiness check failed');
        result = { ready: false, checks: { readiness: 'check failed' } };
      }
      return reply.status(result.ready ? 200 : 503).send(result);
    },
  );
}
