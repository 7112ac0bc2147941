/**
 * A keyed, delayed work queue. A key is in the queue at most once: enqueuing a key
 * that is already waiting keeps the earlier due time. A key that is enqueued while
 * being processed is processed again after the current run (never twice at once).
 */
export class WorkQueue {
  private readonly due = new Map<string, number>();
  private readonly active = new Set<string>();
  /** Keys re-enqueued while active, with their due time. */
  private readonly dirty = new Map<string, number>();

  add(key: string, at: number): void {
    if (this.active.has(key)) {
      const prev = this.dirty.get(key);
      this.dirty.set(key, prev === undefined ? at : Math.min(prev, at));
      return;
    }
    const prev = this.due.get(key);
    this.due.set(key, prev === undefined ? at : Math.min(prev, at));
  }

  /** Takes the earliest key due at or before `now`, marking it active. */
  take(now: number): string | undefined {
    let best: string | undefined;
    let bestAt = Infinity;
    for (const [key, at] of this.due) {
      if (at <= now && at < bestAt) {
        best = key;
        bestAt = at;
      }
    }
    if (best === undefined) return undefined;
    this.due.delete(best);
    this.active.add(best);
    return best;
  }

  /** Marks a key finished; a re-enqueue during its run becomes due now. */
  done(key: string): void {
    this.active.delete(key);
    const again = this.dirty.get(key);
    if (again !== undefined) {
      this.dirty.delete(key);
      this.add(key, again);
    }
  }

  /** When the next waiting key is due, or undefined when none waits. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const at of this.due.values()) if (min === undefined || at < min) min = at;
    return min;
  }

  get size(): number {
    return this.due.size;
  }

  get activeCount(): number {
    return this.active.size;
  }
}
