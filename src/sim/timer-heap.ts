/**
 * A binary min-heap of timers ordered by due time, then by insertion order, so that
 * timers due at the same instant fire in the order they were set (as Node's do).
 */
export interface HeapTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class TimerHeap {
  readonly #items: HeapTimer[] = [];

  /** Timers not yet fired and not cancelled. */
  get live(): number {
    let n = 0;
    for (const t of this.#items) if (!t.cancelled) n++;
    return n;
  }

  push(timer: HeapTimer): void {
    const items = this.#items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      swap(items, i, parent);
      i = parent;
    }
  }

  /** The earliest live timer, dropping cancelled ones on the way. */
  peek(): HeapTimer | undefined {
    while (this.#items.length > 0 && this.#items[0]!.cancelled) this.pop();
    return this.#items[0];
  }

  pop(): HeapTimer | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        swap(items, i, m);
        i = m;
      }
    }
    return top;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap(items: HeapTimer[], i: number, j: number): void {
  const t = items[i]!;
  items[i] = items[j]!;
  items[j] = t;
}
