import { Type } from 'typebox';
import { NotFoundError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { requireRole } from './auth.js';
import type { ApiClock } from './clock.js';
import { problemResponses } from './problem.js';
import { callerOf } from './roles.js';
import { isoTime, Time } from './time.js';
import { NO_LIMITS, QuotaLimitsSchema, RoleSchema, toUsage, toUserView, UsageSchema, UserSchema } from './user-view.js';

const NAME = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$', description: 'Login name' });

/** Users and their API tokens (admins), and `GET /v1/me` for everyone. */
export async function userRoutes(app: ApiApp, opts: { store: Store; clock: ApiClock }): Promise<void> {
  const { store, clock } = opts;
  const common = { tags: ['users'], security: [{ bearerAuth: [] }] };
  // The role is checked before the body is validated: a caller who may not use a route
  // learns nothing from it about valid input.
  const admin = { preValidation: requireRole('admin') };

  app.post(
    '/users',
    {
      ...admin,
      schema: {
        ...common,
        operationId: 'createUser',
        summary: 'Add a user (admin)',
        body: Type.Object(
          {
            name: NAME,
            role: RoleSchema,
            project: Type.String({ minLength: 1, maxLength: 64, description: 'Project whose quota the user draws on' }),
            email: Type.Optional(Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { name, role, project, email } = request.body;
      const user = await store.createUser({ name, role, project, email: email ?? null }, clock.now());
      request.log.info({ user: name, role, by: callerOf(request).name }, 'user added');
      return reply.status(201).send(toUserView(user));
    },
  );

  app.get(
    '/users',
    {
      ...admin,
      schema: {
        ...common,
        operationId: 'listUsers',
        summary: 'Every user (admin)',
        response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ users: (await store.listUsers()).map(toUserView) }),
  );

  app.post(
    '/users/:name/tokens',
    {
      // No body at all means no label: let the schema see an empty object.
      preValidation: [requireRole('admin'), async (request: { body: unknown }) => void (request.body ??= {})],
      schema: {
        ...common,
        operationId: 'createToken',
        summary: 'Create an API token for a user (admin); the secret is shown once, only its hash is kept',
        params: Type.Object({ name: Type.String() }),
        body: Type.Object(
          { label: Type.Optional(Type.String({ maxLength: 200, description: 'To tell tokens apart' })) },
          { additionalProperties: false, description: 'Optional' },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            user: Type.String(),
            label: Type.String(),
            createdAt: Time('When the token was created'),
            secret: Type.String({ description: 'The bearer token. Shown once: store it now' }),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const user = await store.getUserByName(request.params.name);
      if (!user) throw new NotFoundError(`no user ${request.params.name}`);
      const label = request.body.label ?? `created by ${callerOf(request).name}`;
      const { token, secret } = await store.createToken(user.id, label, clock.now());
      // Never the secret: only who got a token.
      request.log.info({ user: user.name, tokenId: token.id }, 'token created');
      return reply.status(201).send({ id: token.id, user: user.name, label: token.label, createdAt: isoTime(token.createdAt), secret });
    },
  );

  app.get(
    '/me',
    {
      schema: {
        ...common,
        operationId: 'whoAmI',
        summary: 'The caller, their usage and their quotas (user and project)',
        response: {
          200: Type.Object({
            user: UserSchema,
            usage: Type.Object({ user: UsageSchema, project: UsageSchema }),
            quota: Type.Object(
              { user: QuotaLimitsSchema, project: QuotaLimitsSchema },
              { description: 'Limits that apply; every field null when none is set' },
            ),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const me = callerOf(request);
      const [userUsage, projectUsage, userQuota, projectQuota] = await Promise.all([
        store.usage('user', me.id),
        store.usage('project', me.project),
        store.getQuota('user', me.id),
        store.getQuota('project', me.project),
      ]);
      return {
        user: toUserView(me),
        usage: { user: toUsage(userUsage), project: toUsage(projectUsage) },
        quota: { user: userQuota ?? NO_LIMITS, project: projectQuota ?? NO_LIMITS },
      };
    },
  );
}
