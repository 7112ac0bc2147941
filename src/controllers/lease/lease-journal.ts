import type { LeaseMessage } from './lease-messages.js';
import type { LeaseControllerStore, LeaseRecord } from './lease-store.js';

export interface LeaseStep {
  /** Short machine-readable reason, e.g. 'Reclaimed'. */
  reason: string;
  level?: 'info' | 'warning' | 'error';
  message: string;
  /** The holder's notification, when the step concerns them. */
  notify?: LeaseMessage;
}

/**
 * Records a lease step: an event (kind 'lease', subject the lease id) and, when the
 * holder should hear of it, a row in the notification outbox. Called after the
 * step's compare-and-swap succeeded, so a step that lost a race records nothing.
 */
export async function recordLeaseStep(store: LeaseControllerStore, lease: LeaseRecord, at: number, step: LeaseStep): Promise<void> {
  await store.appendEvent({ at, level: step.level ?? 'info', kind: 'lease', subject: lease.id, reason: step.reason, message: step.message });
  if (step.notify) {
    const { kind, subject, body, data } = step.notify;
    await store.enqueueNotification({ userId: lease.userId, kind, subject, body, data, createdAt: at });
  }
}
