import { isDriverError } from '../../core/errors.js';
import type { Notifier } from '../../drivers/notifier.js';
import type { NotificationRecord, Store, User } from '../../store/store.js';
import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';

export type NotificationControllerStore = Pick<Store, 'dueNotifications' | 'markNotification' | 'listUsers' | 'appendEvent'>;

export interface NotificationControllerOptions {
  /** Notifications taken from the outbox per reconcile; default 20. */
  batchSize?: number;
  /** How often the outbox is looked at when it was empty; default 5 s. */
  pollMs?: number;
  /** Attempts before a notification is given up; default 8. */
  maxAttempts?: number;
  /** Delay before attempt k+1 after k failed; default 30 s doubling to 1 h, +-10 %. */
  backoff?: BackoffPolicy;
  /**
   * Taken rows are hidden from other senders this long (longer than a batch of sends
   * can take); a sender that dies holding them has them come due again after it.
   * Default 10 min.
   */
  claimForMs?: number;
  random?: () => number;
  logger?: Logger;
}

export const NOTIFY_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000, jitter: 0.1 };

/**
 * The outbox has no "given up" state: a given-up row keeps its lastError and is due
 * never (the largest time both engines store exactly).
 */
export const NEVER = Number.MAX_SAFE_INTEGER;

/** The single key: the outbox is one queue, drained in order. */
export const OUTBOX_KEY = 'outbox';

/**
 * Drains the notification outbox through a Notifier. Other controllers only enqueue
 * (store.enqueueNotification); this one resolves the recipient, sends, and records
 * the outcome. A transient failure (or a bug in a notifier) is retried with backoff,
 * honouring a backend's retry-after; a fatal one, a recipient that no longer exists
 * or the last allowed attempt gives up: lastError is kept and an event recorded.
 * Delivery is at least once (a crash between send and mark resends), which notifiers
 * make harmless by putting the notification id on the wire.
 */
export class NotificationController implements Reconciler {
  readonly name = 'notify';
  readonly resyncMs = 60_000;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly claimForMs: number;
  private readonly random: () => number;
  private readonly log: Logger;

  constructor(
    private readonly store: NotificationControllerStore,
    private readonly notifier: Notifier,
    opts: NotificationControllerOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 20;
    this.pollMs = opts.pollMs ?? 5_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 8);
    this.backoff = opts.backoff ?? NOTIFY_BACKOFF;
    this.claimForMs = opts.claimForMs ?? 600_000;
    this.random = opts.random ?? Math.random;
    this.log = opts.logger ?? silentLogger;
  }

  async keys(): Promise<string[]> {
    return [OUTBOX_KEY];
  }

  async reconcile(_key: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const batch = await this.store.dueNotifications(now, this.batchSize, this.claimForMs);
    if (batch.length === 0) return { requeueAfterMs: this.pollMs };
    const users = new Map((await this.store.listUsers()).map((u) => [u.id, u]));
    for (const n of batch) await this.deliver(n, users.get(n.userId), now);
    return { requeueAfterMs: batch.length === this.batchSize ? 0 : this.pollMs };
  }

  private async deliver(n: NotificationRecord, user: User | undefined, now: number): Promise<void> {
    if (!user) return this.giveUp(n, now, `recipient user ${n.userId} no longer exists`);
    try {
      await this.notifier.send({
        id: n.id,
        kind: n.kind,
        subject: n.subject,
        body: n.body,
        data: n.data,
        recipient: { userId: user.id, name: user.name, email: user.email },
      });
    } catch (error) {
      return this.failed(n, now, error);
    }
    await this.store.markNotification(n.id, { sentAt: now });
    this.log.info({ controller: this.name, notification: n.id, kind: n.kind, user: user.name }, 'notification sent');
  }

  private async failed(n: NotificationRecord, now: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = n.attempts + 1;
    if (isDriverError(error, 'fatal')) return this.giveUp(n, now, message);
    if (attempts >= this.maxAttempts) return this.giveUp(n, now, `${message} (gave up after ${attempts} attempts)`);
    if (!isDriverError(error)) {
      this.log.error({ controller: this.name, notification: n.id, err: message }, `notifier ${this.notifier.name} threw a non-driver error`);
    }
    const retryAfter = isDriverError(error) ? (error.details.retryAfterMs ?? 0) : 0;
    const nextAttemptAt = now + Math.max(backoffDelay(attempts, this.backoff, this.random), retryAfter);
    await this.store.markNotification(n.id, { error: message, nextAttemptAt });
    this.log.warn({ controller: this.name, notification: n.id, attempts, retryAt: nextAttemptAt, err: message }, 'notification not delivered; will retry');
  }

  private async giveUp(n: NotificationRecord, now: number, why: string): Promise<void> {
    await this.store.markNotification(n.id, { error: why, nextAttemptAt: NEVER });
    const about = typeof n.data.leaseId === 'string' ? ` about lease ${n.data.leaseId}` : '';
    await this.store.appendEvent({
      at: now,
      level: 'error',
      kind: 'notification',
      subject: `notification/${n.id}`,
      reason: 'NotificationFailed',
      message: `${n.kind}${about} for user ${n.userId} not delivered by ${this.notifier.name}: ${why}`,
    });
    this.log.error({ controller: this.name, notification: n.id, err: why }, 'notification given up');
  }
}
