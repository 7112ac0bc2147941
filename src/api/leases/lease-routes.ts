import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import { ForbiddenError, NotFoundError } from '../../core/errors.js';
import { LIVE_LEASE_STATES, MAX_LEASE_COUNT, type LeaseState } from '../../core/leasing/index.js';
import type { LeaseRecord, Store } from '../../store/store.js';
import type { ApiApp } from '../api-app.js';
import type { ApiClock } from '../clock.js';
import { Next, PageQuery, pageLimit, pageOf, positionAfter, positionCursor } from '../paging.js';
import { problemResponses } from '../problem.js';
import { callerOf, hasRole } from '../roles.js';
import { leaseView, leaseViews, visibleLease } from './lease-access.js';
import { leaseRequestCounter } from './lease-metrics.js';
import { LeaseSchema, LeaseStateSchema } from './lease-view.js';
import { releaseLease } from './release-lease.js';
import { renewLease } from './renew-lease.js';
import { replaceLease } from './replace-lease.js';
import { requestLeases } from './request-leases.js';

const Duration = (what: string) =>
  Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Number()], {
    description: `${what}: "7d", "12h", "1d12h", or a number of seconds`,
  });

const LeaseRequestBody = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 63, description: 'The profile to lease (GET /v1/profiles)' }),
    duration: Type.Optional(Duration("Lease length (default: the profile's default lease; at most its maximum)")),
    importance: Type.Optional(Type.Integer({ description: "0..10; at or above the profile's threshold the VM is stopped, not deleted, at expiry" })),
    purpose: Type.Optional(Type.String({ description: 'What it is for (one line, at most 200 characters)' })),
    count: Type.Optional(Type.Integer({ description: `VMs to lease, one lease each (1..${MAX_LEASE_COUNT}, default 1)` })),
  },
  { additionalProperties: false },
);

const Leases = Type.Object({ leases: Type.Array(LeaseSchema) });
const LeasePage = Type.Object({ leases: Type.Array(LeaseSchema), next: Next });
const LeaseStateFilter = Type.Union(
  [Type.Literal('all'), ...LeaseStateSchema.anyOf],
  { description: 'Only leases in this state; `all` for every state (default: live ones, i.e. provisioning, active, grace)' },
);
const Id = Type.Object({ id: Type.String({ description: 'Lease id' }) });

/** Leases: request (from the warm pool when it can), list, show, renew, replace (a new VM), release. */
export async function leaseRoutes(
  app: ApiApp,
  opts: { store: Store; clock: ApiClock; metrics: Registry; onLeaseWritten?: (lease: LeaseRecord) => void },
): Promise<void> {
  const { store, clock } = opts;
  const written = (lease: LeaseRecord): LeaseRecord => (opts.onLeaseWritten?.(lease), lease);
  const countRequests = leaseRequestCounter(opts.metrics);
  const common = { tags: ['leases'], security: [{ bearerAuth: [] }] };

  app.post(
    '/leases',
    {
      schema: {
        ...common,
        operationId: 'requestLeases',
        summary: 'Lease VMs of a profile: 201 with address and password when served from the pool, else 202 provisioning',
        description:
          'The Idempotency-Key header is required: a retry with the same key returns the same leases (200) and ' +
          'creates nothing. With count > 1 the leases have keys `KEY`, `KEY#2`, ... Over quota: 403 naming the limit.',
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 1, maxLength: 200, description: 'A unique key per request; the same key on a retry' }),
        }),
        body: LeaseRequestBody,
        response: {
          200: { ...Leases, description: 'An earlier request with this key: its leases, as they are now' },
          201: { ...Leases, description: 'Every VM came from the pool: ready to use' },
          202: { ...Leases, description: 'At least one VM is being booted: GET the lease until it is active' },
          ...problemResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const key = request.headers['idempotency-key'];
      const { leases, created, replay } = await requestLeases(store, caller, request.body, key, clock.now());
      countRequests(created);
      created.forEach(written);
      const waiting = leases.some((l) => l.state === 'provisioning');
      if (leases.length === 1 && waiting) reply.header('location', `/v1/leases/${leases[0]!.id}`);
      const status = replay ? 200 : waiting ? 202 : 201;
      return reply.status(status).send({ leases: await leaseViews(store, caller, leases) });
    },
  );

  app.get(
    '/leases',
    {
      schema: {
        ...common,
        operationId: 'listLeases',
        summary: "The caller's leases, oldest first; operators and admins may list everyone's (?all=true) or one user's (?user=)",
        description:
          'A page at a time, in (createdAt, id) order: `limit` leases (default 100, at most 1000), then `next`, the ' +
          'cursor to pass as `after` (with the same filters) for the following page; null on the last page.',
        querystring: Type.Object(
          {
            all: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: "Every user's leases (operators)" })),
            user: Type.Optional(Type.String({ minLength: 1, description: "This user's leases (operators; users may name themselves)" })),
            state: Type.Optional(LeaseStateFilter),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: LeasePage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { all, user, state } = request.query;
      const limit = pageLimit(request.query.limit);
      const after = positionAfter('leases', request.query.after);
      const others = all === 'true' || (user !== undefined && user !== caller.name);
      if (others && !hasRole(caller, 'operator')) throw new ForbiddenError(`only operators and admins may list other users' leases`);
      let userId: string | undefined = caller.id;
      if (all === 'true') userId = undefined;
      else if (user !== undefined && user !== caller.name) {
        const named = await store.getUserByName(user);
        if (!named) throw new NotFoundError(`no user ${user}`);
        userId = named.id;
      }
      const states: LeaseState[] | undefined = state === 'all' ? undefined : state !== undefined ? [state] : [...LIVE_LEASE_STATES];
      // Who is listed comes from the caller alone; the cursor only says where to resume.
      const rows = await store.listLeases({ ...(userId !== undefined ? { userId } : {}), ...(states ? { states } : {}), limit: limit + 1, ...(after ? { after } : {}) });
      const page = pageOf(rows, limit, (last) => positionCursor('leases', last));
      return { leases: await leaseViews(store, caller, page.items), next: page.next };
    },
  );

  app.get(
    '/leases/:id',
    {
      schema: {
        ...common,
        operationId: 'getLease',
        summary: "One lease; another user's lease is 404 (operators see all)",
        params: Id,
        response: { 200: LeaseSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return leaseView(store, caller, await visibleLease(store, caller, request.params.id));
    },
  );

  app.post(
    '/leases/:id/renew',
    {
      schema: {
        ...common,
        operationId: 'renewLease',
        summary: "Extend a lease by a duration, within the profile's maximum lease and renewals; restarts a VM stopped in grace",
        params: Id,
        body: Type.Object(
          { duration: Type.Optional(Duration("Time to add (default: the profile's default lease)")) },
          { additionalProperties: false },
        ),
        response: { 200: LeaseSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const renewed = written(await renewLease(store, caller, request.params.id, request.body.duration, clock.now()));
      return leaseView(store, caller, renewed);
    },
  );

  app.post(
    '/leases/:id/replace',
    {
      schema: {
        ...common,
        operationId: 'replaceLease',
        summary: 'A new VM for an active lease, its old one deleted; expiry, renewals, importance and purpose unchanged',
        description:
          'For a VM the state manager gave up on, whose server vanished, or that is broken otherwise. 200: a ready VM ' +
          'from the pool, with its new address and password; 202: the pool was empty, the lease is provisioning until a ' +
          'VM is booted for it (GET the lease until it is active). Only an active lease (409 otherwise: a grace lease ' +
          'is renewed first); the old VM is deleted, never pooled. Not idempotent: each call replaces the VM it finds.',
        params: Id,
        // Optional: fastify validates a request without a body as null.
        body: Type.Union([
          Type.Object(
            { reason: Type.Optional(Type.String({ maxLength: 200, description: "Why (one line), recorded in the lease's events" })) },
            { additionalProperties: false },
          ),
          Type.Null(),
        ]),
        response: {
          200: { ...LeaseSchema, description: 'A ready VM from the pool: the lease is active with it' },
          202: { ...LeaseSchema, description: 'The pool was empty: provisioning until a VM is booted for it' },
          ...problemResponses(400, 401, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { lease, claimed } = await replaceLease(store, caller, request.params.id, request.body?.reason, clock.now());
      written(lease);
      if (!claimed) reply.header('location', `/v1/leases/${lease.id}`);
      return reply.status(claimed ? 200 : 202).send(await leaseView(store, caller, lease));
    },
  );

  app.delete(
    '/leases/:id',
    {
      schema: {
        ...common,
        operationId: 'releaseLease',
        summary: 'Give a lease back: its VM is deleted, never returned to the pool. Idempotent',
        params: Id,
        response: { 200: LeaseSchema, ...problemResponses(401, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return leaseView(store, caller, written(await releaseLease(store, caller, request.params.id, clock.now())));
    },
  );
}
