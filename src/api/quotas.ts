import { Type } from 'typebox';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { QuotaLimits, Store, User } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { requireRole } from './auth.js';
import { problemResponses } from './problem.js';
import { callerOf, hasRole } from './roles.js';
import { NO_LIMITS, QuotaLimitsSchema, toUsage, UsageSchema } from './user-view.js';

type Scope = 'user' | 'project';

const Params = Type.Object({
  scope: Type.Union([Type.Literal('user'), Type.Literal('project')], { description: 'user (by name) or project' }),
  name: Type.String({ minLength: 1 }),
});

const QuotaSchema = Type.Object({
  scope: Type.Union([Type.Literal('user'), Type.Literal('project')]),
  name: Type.String(),
  limits: QuotaLimitsSchema,
  usage: UsageSchema,
});

const LimitInput = (what: string) =>
  Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()], { description: `${what}; null removes the limit` }));

/**
 * Quotas per user and per project. Users are named in paths, but quotas and usage are
 * kept by user id (a lease records its holder's id), so a rename could not orphan them.
 */
export async function quotaRoutes(app: ApiApp, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  const common = { tags: ['quotas'], security: [{ bearerAuth: [] }] };

  /** The store's key for a quota: a user's id, or the project name as given. */
  const keyOf = async (scope: Scope, name: string): Promise<string> => {
    if (scope === 'project') return name;
    const user = await store.getUserByName(name);
    if (!user) throw new NotFoundError(`no user ${name}`);
    return user.id;
  };

  const view = async (scope: Scope, name: string, key: string) => {
    const [limits, usage] = await Promise.all([store.getQuota(scope, key), store.usage(scope, key)]);
    return { scope, name, limits: limits ?? NO_LIMITS, usage: toUsage(usage) };
  };

  app.put(
    '/quotas/:scope/:name',
    {
      preValidation: requireRole('admin'),
      schema: {
        ...common,
        operationId: 'setQuota',
        summary: 'Set a user or project quota (admin). Fields left out keep their value; null removes a limit',
        params: Params,
        body: Type.Object(
          { instances: LimitInput('Live leases'), vcpus: LimitInput('vCPUs'), ramMb: LimitInput('RAM in MiB') },
          { additionalProperties: false },
        ),
        response: { 200: QuotaSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { scope, name } = request.params;
      const key = await keyOf(scope, name);
      const current = (await store.getQuota(scope, key)) ?? NO_LIMITS;
      const next: QuotaLimits = { ...current };
      for (const field of ['instances', 'vcpus', 'ramMb'] as const) {
        const value = request.body[field];
        if (value !== undefined) next[field] = value;
      }
      await store.setQuota(scope, key, next);
      request.log.info({ scope, name, limits: next, by: callerOf(request).name }, 'quota set');
      return view(scope, name, key);
    },
  );

  app.get(
    '/quotas/:scope/:name',
    {
      schema: {
        ...common,
        operationId: 'getQuota',
        summary: "A quota and its usage: users read their own and their project's; operators and admins any",
        params: Params,
        response: { 200: QuotaSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { scope, name } = request.params;
      const caller = callerOf(request);
      if (!mayRead(caller, scope, name)) throw new ForbiddenError(`${caller.name} may read only their own quota and their project's`);
      return view(scope, name, await keyOf(scope, name));
    },
  );
}

function mayRead(caller: User, scope: Scope, name: string): boolean {
  if (hasRole(caller, 'operator')) return true;
  return scope === 'user' ? name === caller.name : name === caller.project;
}
