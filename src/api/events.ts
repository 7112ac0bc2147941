import { Type } from 'typebox';
import type { EventRecord, Store, User } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import { decodeCursor, encodeCursor, Next, PageQuery, pageLimit, pageOf } from './paging.js';
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
        description:
          'A page at a time, newest first (by id): `limit` events (default 100, at most 1000), then `next`, the cursor ' +
          'to pass as `after` (with the same filters) for older ones; null on the last page.',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object(
          {
            subject: Type.Optional(Type.String({ minLength: 1, description: "Only this object's events, e.g. a lease id" })),
            kind: Type.Optional(Type.String({ minLength: 1, description: 'Only this kind, e.g. lease or instance' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(EventSchema), next: Next }), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { subject, kind } = request.query;
      const limit = pageLimit(request.query.limit);
      const after = request.query.after;
      const beforeId = after === undefined ? undefined : (decodeCursor('events', after, ['number'])[0] as number);
      const caller = callerOf(request);
      // One more than the page: it shows whether another page follows.
      const query = { ...(kind !== undefined ? { kind } : {}), ...(beforeId !== undefined ? { beforeId } : {}), limit: limit + 1 };
      let rows: EventRecord[];
      if (hasRole(caller, 'operator')) {
        rows = await store.listEvents({ ...query, ...(subject !== undefined ? { subject } : {}) });
      } else {
        const own = await ownSubjects(store, caller);
        const subjects = subject === undefined ? [...own] : own.has(subject) ? [subject] : [];
        rows = await store.listEvents({ ...query, subjects });
      }
      const page = pageOf(rows, limit, (last) => encodeCursor('events', [last.id]));
      return { events: page.items.map(toEventView), next: page.next };
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
