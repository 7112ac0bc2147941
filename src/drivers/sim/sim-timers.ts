import type { Clock } from '../../core/clock.js';

/** Timers on the injected clock, remembered so that closing the cloud cancels them all. */
export class SimTimers {
  readonly #live = new Set<() => void>();
  #closed = false;

  constructor(private readonly clock: Clock) {}

  set(ms: number, fn: () => void): () => void {
    if (this.#closed) return () => {};
    const cancel = this.clock.setTimer(ms, () => {
      this.#live.delete(cancel);
      fn();
    });
    this.#live.add(cancel);
    return () => {
      this.#live.delete(cancel);
      cancel();
    };
  }

  get pending(): number {
    return this.#live.size;
  }

  closeAll(): void {
    this.#closed = true;
    for (const cancel of this.#live) cancel();
    this.#live.clear();
  }
}
