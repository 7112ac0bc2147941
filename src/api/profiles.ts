import { Type } from 'typebox';
import { InputError, NotFoundError } from '../core/errors.js';
import { parseProfile, type Profile } from '../core/leasing/index.js';
import type { Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { requireRole } from './auth.js';
import type { ApiClock } from './clock.js';
import { problemResponses } from './problem.js';
import { ProfileSpecSchema, toProfileView } from './profile-view.js';
import { callerOf, hasRole } from './roles.js';

const Name = Type.Object({ name: Type.String({ description: 'Profile name' }) });

/**
 * Reads a PUT body as a profile. core's parseProfile checks every field (unknown ones
 * too) and names it; its paths start at `body.`, which is stripped so that `field`
 * names the body's own field (`pool.n`), as for every other 400.
 */
export function profileFromBody(body: unknown, name: string): Profile {
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : body;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const given = (raw as { name?: unknown }).name;
    if (given === undefined || given === null) (raw as Record<string, unknown>).name = name;
    else if (given !== name) throw new InputError(`name: the body names profile '${String(given)}' but the path names '${name}'`, 'name');
  }
  try {
    return parseProfile(raw, 'body');
  } catch (e) {
    if (e instanceof InputError && e.field !== undefined) {
      const field = e.field === 'body' ? undefined : e.field.replace(/^body\./, '');
      throw new InputError(e.message.replace(/\bbody\./g, ''), field);
    }
    throw e;
  }
}

/** The catalogue: anyone reads it; operators write it. */
export async function profileRoutes(app: ApiApp, opts: { store: Store; clock: ApiClock }): Promise<void> {
  const { store, clock } = opts;
  const common = { tags: ['profiles'], security: [{ bearerAuth: [] }] };

  app.get(
    '/profiles',
    {
      schema: {
        ...common,
        operationId: 'listProfiles',
        summary: 'Every profile, by name',
        response: { 200: Type.Object({ profiles: Type.Array(ProfileSpecSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      const operator = hasRole(callerOf(request), 'operator');
      return { profiles: (await store.listProfiles()).map((p) => toProfileView(p, operator)) };
    },
  );

  app.get(
    '/profiles/:name',
    {
      schema: {
        ...common,
        operationId: 'getProfile',
        summary: 'One profile, in the shape PUT accepts',
        params: Name,
        response: { 200: ProfileSpecSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const profile = await store.getProfile(request.params.name);
      if (!profile) throw new NotFoundError(`no profile ${request.params.name}`);
      return toProfileView(profile, hasRole(callerOf(request), 'operator'));
    },
  );

  app.put(
    '/profiles/:name',
    {
      preValidation: requireRole('operator'),
      schema: {
        ...common,
        operationId: 'putProfile',
        summary: 'Create or replace a profile (operator); every field is checked and a bad one named',
        description:
          'The body is a profile as in drover.yaml (see the 200 response for its fields); omitted fields take ' +
          'their defaults, `name` may be left out (the path names it). Unknown fields are refused.',
        params: Name,
        body: Type.Object({}, { additionalProperties: true, description: 'A profile (fields as in the response)' }),
        response: {
          200: Type.Object({ profile: ProfileSpecSchema, result: Type.Union([Type.Literal('updated'), Type.Literal('unchanged')]) }),
          201: Type.Object({ profile: ProfileSpecSchema, result: Type.Literal('created') }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const profile = profileFromBody(request.body, request.params.name);
      const result = await store.upsertProfile(profile, clock.now());
      if (result !== 'unchanged') request.log.info({ profile: profile.name, result, by: callerOf(request).name }, 'profile saved');
      return reply.status(result === 'created' ? 201 : 200).send({ profile: toProfileView(profile, true), result });
    },
  );

  app.delete(
    '/profiles/:name',
    {
      preValidation: requireRole('operator'),
      schema: {
        ...common,
        operationId: 'deleteProfile',
        summary: 'Delete a profile (operator); refused (409) while it has live leases. Its pooled VMs are then removed',
        params: Name,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await store.deleteProfile(request.params.name);
      request.log.info({ profile: request.params.name, by: callerOf(request).name }, 'profile deleted');
      return reply.status(204).send(null);
    },
  );
}
