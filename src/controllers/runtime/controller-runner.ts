import type { Clock } from '../../core/clock.js';
import { TerminalError } from '../../core/errors.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.js';
import { silentLogger, type Logger } from './logger.js';
import type { Reconciler } from './reconciler.js';
import { WorkQueue } from './work-queue.js';

export type ReconcileOutcome = 'ok' | 'requeue' | 'error' | 'terminal';

export interface RunnerOptions {
  clock: Clock;
  logger?: Logger;
  /** Keys reconciled at once; default 1. */
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Source of randomness for backoff jitter (inject a seeded one in simulations). */
  random?: () => number;
  /** Called after every reconcile: metrics and events hook. */
  observe?: (o: { controller: string; key: string; outcome: ReconcileOutcome; ms: number; error?: unknown }) => void;
}

/**
 * Drives one reconciler: a work queue, backoff on failure, requeue-after, and a
 * periodic resync of all keys. Time comes from the injected clock, so a virtual
 * clock drives it in simulations exactly as the real one does in production.
 */
export class ControllerRunner {
  private readonly queue = new WorkQueue();
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private cancelWake: (() => void) | undefined;
  private wakeAt: number | undefined;
  private cancelResync: (() => void) | undefined;
  private running = false;
  private readonly log: Logger;
  private readonly concurrency: number;

  constructor(
    readonly reconciler: Reconciler,
    private readonly opts: RunnerOptions,
  ) {
    this.log = opts.logger ?? silentLogger;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.resync();
  }

  /** Asks for `key` to be reconciled after `delayMs` (default: now). */
  enqueue(key: string, delayMs = 0): void {
    if (!this.running) return;
    this.queue.add(key, this.opts.clock.now() + delayMs);
    this.pump();
  }

  /** Stops taking work and waits for reconciles in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelWake?.();
    this.cancelResync?.();
    this.cancelWake = this.cancelResync = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** True when nothing runs and nothing is due now. */
  get idle(): boolean {
    const next = this.queue.nextDue();
    return this.inFlight.size === 0 && (next === undefined || next > this.opts.clock.now());
  }

  private async resync(): Promise<void> {
    if (!this.running) return;
    try {
      for (const key of await this.reconciler.keys()) this.enqueue(key);
    } catch (error) {
      this.log.error({ controller: this.reconciler.name, err: String(error) }, 'listing keys failed');
    }
    if (!this.running) return;
    this.cancelResync = this.opts.clock.setTimer(this.reconciler.resyncMs ?? 60_000, () => void this.resync());
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.opts.clock.now();
    while (this.inFlight.size < this.concurrency) {
      const key = this.queue.take(now);
      if (key === undefined) break;
      const run = this.runOne(key).finally(() => {
        this.inFlight.delete(run);
        this.queue.done(key);
        this.pump();
      });
      this.inFlight.add(run);
    }
    this.scheduleWake();
  }

  private scheduleWake(): void {
    const next = this.queue.nextDue();
    if (next === undefined || this.inFlight.size >= this.concurrency) return;
    if (this.wakeAt !== undefined && this.wakeAt <= next) return;
    this.cancelWake?.();
    this.wakeAt = next;
    this.cancelWake = this.opts.clock.setTimer(Math.max(0, next - this.opts.clock.now()), () => {
      this.wakeAt = undefined;
      this.cancelWake = undefined;
      this.pump();
    });
  }

  private async runOne(key: string): Promise<void> {
    const { clock } = this.opts;
    const name = this.reconciler.name;
    const started = clock.now();
    const failures = this.failures.get(key) ?? 0;
    try {
      const result = await this.reconciler.reconcile(key, { now: started, failures });
      this.failures.delete(key);
      const after = result?.requeueAfterMs;
      if (after !== undefined) this.queue.add(key, clock.now() + Math.max(0, after));
      this.opts.observe?.({ controller: name, key, outcome: after === undefined ? 'ok' : 'requeue', ms: clock.now() - started });
    } catch (error) {
      if (error instanceof TerminalError) {
        this.failures.delete(key);
        this.log.error({ controller: name, key, err: error.message }, 'reconcile failed for good');
        this.opts.observe?.({ controller: name, key, outcome: 'terminal', ms: clock.now() - started, error });
        return;
      }
      const n = failures + 1;
      this.failures.set(key, n);
      const delay = backoffDelay(n, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random ?? Math.random);
      this.log.warn({ controller: name, key, failures: n, retryInMs: delay, err: errorMessage(error) }, 'reconcile failed');
      this.queue.add(key, clock.now() + delay);
      this.opts.observe?.({ controller: name, key, outcome: 'error', ms: clock.now() - started, error });
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
