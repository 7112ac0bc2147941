import type { Clock } from '../core/clock.js';
import { TimerHeap } from './timer-heap.js';

export interface VirtualClockOptions {
  /** Start time, ms since the epoch. Default 2025-01-01T00:00:00Z, so runs are reproducible. */
  start?: number;
}

export interface RunUntilIdleOptions {
  /** Stop (and throw) after this many firings: a periodic timer never goes idle. Default 1e6. */
  maxTimers?: number;
  /** Do not move past this time (ms since the epoch) even if timers remain. */
  until?: number;
}

export interface PollOptions {
  /** Virtual time to move between two probes. Default 1000 ms. */
  stepMs?: number;
  /** Give up after this much virtual time. Default one hour. */
  timeoutMs?: number;
  /** Names what is awaited, for the timeout error. */
  what?: string;
}

export const DEFAULT_VIRTUAL_START = Date.UTC(2025, 0, 1);

/**
 * A Clock whose time moves only when told to. Timers fire in due-time order during
 * `advance`/`advanceTo`/`runUntilIdle`; between two firings the clock lets pending
 * promise continuations run, so an async chain that awaits `sleep` and then sets the
 * next timer progresses within one `advance`. Nothing fires on its own: a `sleep(0)`
 * resolves at the next advance, not before.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #busy = false;
  readonly #heap = new TimerHeap();

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? DEFAULT_VIRTUAL_START;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#heap.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  /** Live timers not yet fired. */
  get pendingTimers(): number {
    return this.#heap.live;
  }

  /** Due time of the next live timer, or null when none is pending. */
  nextTimerAt(): number | null {
    return this.#heap.peek()?.at ?? null;
  }

  /** Moves time forward by `ms`, firing every timer due up to then. Returns how many fired. */
  advance(ms: number): Promise<number> {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative duration, got ${ms}`);
    return this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `t` (never backwards), firing every timer due up to then. */
  async advanceTo(t: number): Promise<number> {
    return this.#run(Math.max(t, this.#now), Number.POSITIVE_INFINITY, false);
  }

  /**
   * Fires timers until none is left, jumping time to each one's due time. Returns how
   * many fired. Throws when `maxTimers` is exceeded (something re-arms itself forever).
   */
  async runUntilIdle(options: RunUntilIdleOptions = {}): Promise<number> {
    const limit = options.until ?? Number.POSITIVE_INFINITY;
    return this.#run(limit, options.maxTimers ?? 1_000_000, true);
  }

  /** Lets pending promise continuations (and the timers they set at `now`) run. */
  async settle(): Promise<void> {
    await this.#run(this.#now, Number.POSITIVE_INFINITY, false);
  }

  /**
   * Probes, and advances `stepMs` between probes, until the probe returns something
   * other than null, undefined or false, which it returns. A poller for code that
   * waits on virtual time the way a client polls a real cloud.
   */
  async pollUntil<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, options: PollOptions = {}): Promise<T> {
    const step = options.stepMs ?? 1000;
    const timeout = options.timeoutMs ?? 3_600_000;
    if (!(step > 0)) throw new RangeError(`pollUntil needs a positive step, got ${step}`);
    const deadline = this.#now + timeout;
    for (;;) {
      const v = await probe();
      if (v !== null && v !== undefined && v !== false) return v;
      if (this.#now >= deadline) {
        throw new Error(`timed out after ${timeout} ms of virtual time waiting for ${options.what ?? 'a condition'}`);
      }
      await this.advance(step);
    }
  }

  async #run(target: number, maxTimers: number, idle: boolean): Promise<number> {
    if (this.#busy) throw new Error('VirtualClock: advance called while another advance is running');
    this.#busy = true;
    let fired = 0;
    try {
      await flushMicrotasks();
      for (;;) {
        const next = this.#heap.peek();
        if (next === undefined || next.at > target) break;
        if (fired >= maxTimers) {
          throw new Error(`VirtualClock: still busy after ${maxTimers} timers (a timer that re-arms itself?)`);
        }
        this.#heap.pop();
        this.#now = next.at;
        fired++;
        next.fn();
        await flushMicrotasks();
      }
      // advance: time ends at the target. runUntilIdle: at the last firing, unless it
      // stopped at its `until` with timers still pending.
      if (!idle || this.#heap.peek() !== undefined) this.#now = Math.max(this.#now, target);
      return fired;
    } finally {
      this.#busy = false;
    }
  }
}

/**
 * One turn of the event loop: Node drains the whole microtask queue (including
 * microtasks queued by microtasks) before a setImmediate callback runs.
 */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
