import { DriverError, InputError, isDriverError } from '../../core/errors.js';
import type { Notification, Notifier } from '../notifier.js';

/**
 * Sends each notification through several notifiers (e.g. e-mail and a chat webhook)
 * at once. It succeeds when all of them did. Otherwise, after every one was tried, it
 * throws one DriverError naming each failure: transient when any failure was
 * transient, since then sending again can still complete the set (the ones that had
 * succeeded receive a duplicate with the same id, which their receivers drop); fatal
 * only when every failure was fatal. `details.retryAfterMs` is the longest any
 * transient failure asked for.
 *
 * An exception that is not a DriverError (a bug in a notifier) counts as transient:
 * the outbox then keeps the notification and shows the message.
 */
export class FanoutNotifier implements Notifier {
  readonly name: string;
  readonly #notifiers: readonly Notifier[];

  constructor(notifiers: readonly Notifier[]) {
    if (notifiers.length === 0) throw new InputError('a fanout needs at least one notifier', 'notifiers');
    this.#notifiers = [...notifiers];
    this.name = `fanout(${notifiers.map((n) => n.name).join(',')})`;
  }

  async send(n: Notification): Promise<void> {
    // Through then(): a notifier that throws before returning its promise still lets the others run.
    const results = await Promise.allSettled(this.#notifiers.map((x) => Promise.resolve().then(() => x.send(n))));
    const failures: DriverError[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      const e = r.reason as unknown;
      failures.push(isDriverError(e) ? e : new DriverError('transient', `${this.#notifiers[i]!.name}: ${e instanceof Error ? e.message : String(e)}`));
    });
    if (failures.length === 0) return;

    const transient = failures.filter((f) => f.kind === 'transient');
    const kind = transient.length > 0 ? 'transient' : 'fatal';
    const waits = transient.map((f) => f.details.retryAfterMs).filter((ms): ms is number => ms !== undefined);
    const sent = this.#notifiers.length - failures.length;
    const message = `${failures.map((f) => f.message).join('; ')}${sent > 0 ? ` (${sent} of ${this.#notifiers.length} delivered)` : ''}`;
    throw new DriverError(kind, message, waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {});
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.#notifiers.map((x) => Promise.resolve().then(() => x.close())));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
