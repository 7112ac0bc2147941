/**
 * Server ids by metadata pair (`key=value`), so that a metadata-filtered listing (how
 * Drover finds a server by its `drover:instance` tag) costs what it returns rather
 * than a walk over every server. The caller keeps it in step with each server's
 * metadata: `add` on create, `remove` before a change or when the server is forgotten.
 */
export class TagIndex {
  // A NUL cannot occur in a Nova metadata key, so it separates key from value safely.
  readonly #ids = new Map<string, Set<string>>();

  add(id: string, metadata: Readonly<Record<string, string>>): void {
    for (const [k, v] of Object.entries(metadata)) {
      const key = pair(k, v);
      let ids = this.#ids.get(key);
      if (ids === undefined) this.#ids.set(key, (ids = new Set()));
      ids.add(id);
    }
  }

  remove(id: string, metadata: Readonly<Record<string, string>>): void {
    for (const [k, v] of Object.entries(metadata)) {
      const key = pair(k, v);
      const ids = this.#ids.get(key);
      if (ids === undefined) continue;
      ids.delete(id);
      if (ids.size === 0) this.#ids.delete(key);
    }
  }

  /**
   * Ids of servers that may carry every pair of `filter`: those indexed under its
   * rarest pair (callers still check the other pairs). Empty when any pair is unknown.
   * An empty filter is not a question for this index: it throws.
   */
  candidates(filter: Readonly<Record<string, string>>): ReadonlySet<string> {
    let best: ReadonlySet<string> | null = null;
    for (const [k, v] of Object.entries(filter)) {
      const ids = this.#ids.get(pair(k, v));
      if (ids === undefined) return EMPTY;
      if (best === null || ids.size < best.size) best = ids;
    }
    if (best === null) throw new RangeError('TagIndex.candidates needs at least one metadata pair');
    return best;
  }

  /** Distinct pairs indexed (for tests: forgotten servers leave nothing behind). */
  get size(): number {
    return this.#ids.size;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function pair(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
