/**
 * The reconcile contract (after Kubernetes controller-runtime).
 *
 * A reconciler is handed a key that names an object (a cloud, a pool, a lease),
 * never an event: it reads the desired and observed state as they are now, acts,
 * records, and returns. There is no separate create/update/delete logic.
 *
 * The retry policy is in the outcome:
 * - return `{ requeueAfterMs }` to look at the key again later (polling work);
 * - return nothing (or `{}`) when done until something enqueues the key again;
 * - throw a TerminalError when retrying cannot help: it is recorded, the key dropped;
 * - throw anything else to be retried with exponential backoff.
 */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

export interface ReconcileContext {
  /** The runtime clock's time when this reconcile started (ms since the epoch). */
  now: number;
  /** How many times in a row this key has failed (0 on a first or healthy try). */
  failures: number;
}

export interface Reconciler {
  /** Short name, used in logs, events and metrics (e.g. "host-sync"). */
  readonly name: string;
  reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void>;
  /**
   * Every key this reconciler owns. The runtime enqueues them at start and every
   * `resyncMs`, so a missed trigger is healed by the next resync (level-based).
   */
  keys(): Promise<string[]>;
  /** Period of the full resync; default 60 s. */
  readonly resyncMs?: number;
}
