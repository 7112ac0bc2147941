import type { Kysely } from 'kysely';
import { InputError } from '../core/errors.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

type EventMethods = Pick<Store, 'appendEvent' | 'listEvents'>;

export const DEFAULT_EVENT_LIMIT = 100;
export const MAX_EVENT_LIMIT = 10_000;

export function eventStore(db: Kysely<Database>): EventMethods {
  return {
    async appendEvent(event) {
      const { at, level, kind, subject, reason, message } = event;
      return db
        .insertInto('events')
        .values({ at, level, kind, subject, reason, message })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async listEvents(query = {}) {
      const limit = query.limit ?? DEFAULT_EVENT_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_LIMIT) {
        throw new InputError(`limit must be an integer from 1 to ${MAX_EVENT_LIMIT}`, 'limit');
      }
      if (query.subjects?.length === 0) return [];
      let q = db.selectFrom('events').selectAll();
      if (query.subject !== undefined) q = q.where('subject', '=', query.subject);
      if (query.subjects !== undefined) q = q.where('subject', 'in', query.subjects);
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
      if (query.sinceId !== undefined) q = q.where('id', '>', query.sinceId);
      if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
      // Ids, not times, order events: replicas' clocks may disagree, ids never tie.
      return q.orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
