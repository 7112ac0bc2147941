/**
 * Time, injected. Core code never reads a clock: it takes `now` (ms since the epoch)
 * as an argument. Runtime code takes a Clock so that the simulated cloud's virtual
 * time can drive it (a week of simulation runs in seconds).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` of this clock's time. Returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}
