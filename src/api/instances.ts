import { Type } from 'typebox';
import { NotFoundError } from '../core/errors.js';
import type { InstanceState } from '../core/leasing/types.js';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { requireRole } from './auth.js';
import { INSTANCE_STATE_NAMES, InstanceSchema, InstanceStateSchema, toInstanceView } from './instance-view.js';
import { Next, PageQuery, pageLimit, pageOf, positionAfter, positionCursor } from './paging.js';
import { problemResponses } from './problem.js';
import { callerOf, hasRole } from './roles.js';

const LIVE_STATES = INSTANCE_STATE_NAMES.filter((s) => s !== 'deleted');

/** Drover's VMs: all of them for operators; one by id for an operator or its holder. */
export async function instanceRoutes(app: ApiApp, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  const common = { tags: ['instances'], security: [{ bearerAuth: [] }] };

  app.get(
    '/instances',
    {
      preValidation: requireRole('operator'),
      schema: {
        ...common,
        operationId: 'listInstances',
        summary: 'Instances, oldest first (operator); deleted ones only when asked for by state',
        description:
          'A page at a time, in (createdAt, id) order: `limit` instances (default 100, at most 1000), then `next`, the ' +
          'cursor to pass as `after` (with the same filters) for the following page; null on the last page.',
        querystring: Type.Object(
          {
            cloud: Type.Optional(Type.String({ minLength: 1 })),
            profile: Type.Optional(Type.String({ minLength: 1 })),
            state: Type.Optional(InstanceStateSchema),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ instances: Type.Array(InstanceSchema), next: Next }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { cloud, profile, state } = request.query;
      const limit = pageLimit(request.query.limit);
      const after = positionAfter('instances', request.query.after);
      // Deleted rows are history; a listing of what exists leaves them out unless asked.
      const states: InstanceState[] = state !== undefined ? [state] : LIVE_STATES;
      const rows = await store.listInstances({
        states,
        ...(cloud !== undefined ? { cloud } : {}),
        ...(profile !== undefined ? { profile } : {}),
        limit: limit + 1,
        ...(after ? { after } : {}),
      });
      const page = pageOf(rows, limit, (last) => positionCursor('instances', last));
      return { instances: page.items.map(toInstanceView), next: page.next };
    },
  );

  app.get(
    '/instances/:id',
    {
      schema: {
        ...common,
        operationId: 'getInstance',
        summary: 'One instance (operator, or the holder of its lease)',
        params: Type.Object({ id: Type.String() }),
        response: { 200: InstanceSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const instance = await store.getInstance(id);
      let visible = instance !== null && hasRole(caller, 'operator');
      if (instance && !visible && instance.leaseId) {
        const lease = await store.getLease(instance.leaseId);
        visible = lease?.userId === caller.id;
      }
      if (!instance || !visible) throw new NotFoundError(`no instance ${id}`);
      return toInstanceView(instance);
    },
  );
}
