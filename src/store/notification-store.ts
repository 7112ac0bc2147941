import type { Kysely, Selectable } from 'kysely';
import { InputError, NotFoundError } from '../core/errors.js';
import type { NotificationsTable } from './leasing-schema.js';
import type { LeasingStore, NotificationRecord } from './leasing-store.js';
import type { Database, Engine } from './schema.js';

type NotificationMethods = Pick<LeasingStore, 'enqueueNotification' | 'dueNotifications' | 'markNotification'>;

function toNotification(r: Selectable<NotificationsTable>): NotificationRecord {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  };
}

export function notificationStore(db: Kysely<Database>, engine: Engine): NotificationMethods {
  return {
    async enqueueNotification(n) {
      const row = await db
        .insertInto('notifications')
        .values({
          user_id: n.userId,
          kind: n.kind,
          subject: n.subject,
          body: n.body,
          data: JSON.stringify(n.data),
          created_at: n.createdAt,
          attempts: 0,
          next_attempt_at: n.createdAt,
          sent_at: null,
          last_error: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toNotification(row);
    },

    /**
     * With a claim, one statement selects and pushes back the due rows (the work-queue
     * pattern: SKIP LOCKED on PostgreSQL; SQLite's write lock serialises). The returned
     * order is then restored in code, as RETURNING promises none.
     */
    async dueNotifications(now, limit, claimForMs) {
      if (!Number.isInteger(limit) || limit < 1) throw new InputError('limit must be a positive integer', 'limit');
      const due = db
        .selectFrom('notifications')
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      if (claimForMs === undefined) return (await due.selectAll().execute()).map(toNotification);
      const rows = await db
        .updateTable('notifications')
        .set({ next_attempt_at: now + claimForMs })
        .where('id', 'in', due.select('id').$if(engine === 'postgres', (q) => q.forUpdate().skipLocked()))
        .where('sent_at', 'is', null)
        .returningAll()
        .execute();
      // All now share one nextAttemptAt; ids keep the queue's order among equals.
      return rows.map(toNotification).sort((a, b) => a.id - b.id);
    },

    async markNotification(id, outcome) {
      const set =
        'sentAt' in outcome
          ? { sent_at: outcome.sentAt, last_error: null }
          : { last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt };
      const res = await db
        .updateTable('notifications')
        .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .executeTakeFirst();
      if (res.numUpdatedRows === 0n) throw new NotFoundError(`notification ${id} not found`);
    },
  };
}
