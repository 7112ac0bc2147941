import type { Clock } from '../core/clock.js';

/** setTimeout's longest delay; longer ones would fire at once (Node warns and uses 1 ms). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Wall-clock time. Timers set with `setTimer` are unref'd: background work (lease
 * expiry, heartbeats) must not keep a process alive that has nothing else to do.
 * `sleep` keeps its timer ref'd, because whoever awaits it is foreground work that
 * would otherwise be dropped mid-way when the loop empties.
 * Delays longer than setTimeout allows (about 24.8 days) are chained.
 */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): () => void {
    return schedule(ms, fn, false);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      schedule(ms, resolve, true);
    });
  }
}

function schedule(ms: number, fn: () => void, ref: boolean): () => void {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const due = Date.now() + Math.max(0, ms);
  const arm = (): void => {
    const left = Math.max(0, due - Date.now());
    handle = setTimeout(
      () => {
        if (cancelled) return;
        if (left > MAX_TIMEOUT_MS) arm();
        else fn();
      },
      Math.min(left, MAX_TIMEOUT_MS),
    );
    if (!ref) handle.unref();
  };
  arm();
  return () => {
    cancelled = true;
    if (handle !== undefined) clearTimeout(handle);
  };
}
