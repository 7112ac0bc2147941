import { Type } from 'typebox';
import type { EventRecord, Store, User } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { problemResponses } from './problem.js';
import { callerOf, hasRole } from './roles.js';
import { isoTime, Time } from './time.js';

export const EventSchema = Type.Object({
  id: Type.Integer({ description: 'Increasing; newer events have greater ids' }),
  at: Time('When it happened'),
  level: Type.String({ description: 'info, warning or error' }),
  kind: Type.String({ description: 'What it is about: lease, instance, pool, host, cloud...' }),
  subject: Type.String({ description: "The object's id" }),
  reason: Type.String({ description: 'Short machine-readable reason, e.g. Claimed, Expired' }),
  message: Type.String(),
});

const DEFAULT_LIMIT = 100;
// A user's view is assembled per lease; beyond this many of their newest leases, older
// ones' events are left out (they can still be asked for by subject).
const USER_LEASES_SCANNED = 100;

function toEventView(e: EventRecord) {
  return { id: e.id, at: isoTime(e.at), level: e.level, kind: e.kind, subject: e.subject, reason: e.reason, message: e.message };
}

/**
 * The event log, newest first. Operators and admins see every event; a user sees the
 * events of their own leases and of the VMs those leases hold, and nothing else: asking
 * for another subject answers an empty list, not an error that would confirm it exists.
 */
export async function eventRoutes(app: ApiApp, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        summary: 'Events, newest first (users: those of their own leases)',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object(
          {
            subject: Type.Optional(Type.String({ minLength: 1, description: "Only this object's events, e.g. a lease id" })),
            kind: Type.Optional(Type.String({ minLength: 1, description: 'Only this kind, e.g. lease or instance' })),
            limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,2}|1000)$', description: 'At most this many, 1 to 1000 (default 100)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(EventSchema) }), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { subject, kind } = request.query;
      const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit);
      const caller = callerOf(request);
      const query = { ...(kind !== undefined ? { kind } : {}), limit };
      if (hasRole(caller, 'operator')) {
        return { events: (await store.listEvents({ ...query, ...(subject !== undefined ? { subject } : {}) })).map(toEventView) };
      }
      const own = await ownSubjects(store, caller);
      const subjects = subject === undefined ? [...own] : own.has(subject) ? [subject] : [];
      const lists = await Promise.all(subjects.map((s) => store.listEvents({ ...query, subject: s })));
      const events = lists.flat().sort((a, b) => b.id - a.id).slice(0, limit);
      return { events: events.map(toEventView) };
    },
  );
}

/** Ids of the caller's newest leases and of the instances they hold. */
async function ownSubjects(store: Store, user: User): Promise<Set<string>> {
  const leases = (await store.listLeases({ userId: user.id })).slice(-USER_LEASES_SCANNED);
  const out = new Set<string>();
  for (const l of leases) {
    out.add(l.id);
    if (l.instanceId) out.add(l.instanceId);
  }
  return out;
}
