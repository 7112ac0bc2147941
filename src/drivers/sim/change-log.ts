/**
 * Which server changed at which value of the cloud's change counter, oldest first, so
 * that a changes-since listing reads only the changes after its cursor (a binary
 * search, then the tail) instead of every server ever made.
 *
 * Each change appends (version, id); versions only grow. An entry is current while the
 * server's version still equals it; a later change to the same server makes it stale,
 * and a forgotten server (pruned tombstone) makes all of its entries stale. Stale
 * entries are skipped on read and dropped when they outnumber the current ones, so the
 * log stays within about twice the number of servers the cloud remembers.
 */
export class ChangeLog {
  #versions: number[] = [];
  #ids: string[] = [];

  /**
   * @param currentVersion the version of a remembered server, undefined for one
   * that is forgotten: what tells a current entry from a stale one.
   */
  constructor(private readonly currentVersion: (id: string) => number | undefined) {}

  append(version: number, id: string): void {
    const last = this.#versions.at(-1);
    if (last !== undefined && version <= last) throw new RangeError(`change ${version} after ${last}: versions must grow`);
    this.#versions.push(version);
    this.#ids.push(id);
  }

  /** Ids of servers whose current version is above `since`, each once, in version order. */
  *since(since: number): Generator<string> {
    for (let i = this.#firstAfter(since); i < this.#versions.length; i++) {
      const id = this.#ids[i]!;
      if (this.currentVersion(id) === this.#versions[i]) yield id;
    }
  }

  /** Entries after `since`, stale ones included: an upper bound on what `since` yields. */
  countSince(since: number): number {
    return this.#versions.length - this.#firstAfter(since);
  }

  /** Drops stale entries once they outnumber `remembered`, the servers still known. */
  compact(remembered: number): void {
    if (this.#versions.length <= 2 * remembered + 64) return;
    const versions: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < this.#versions.length; i++) {
      const id = this.#ids[i]!;
      if (this.currentVersion(id) !== this.#versions[i]) continue;
      versions.push(this.#versions[i]!);
      ids.push(id);
    }
    this.#versions = versions;
    this.#ids = ids;
  }

  /** Entries held, stale ones included (for tests: the log does not grow without bound). */
  get length(): number {
    return this.#versions.length;
  }

  #firstAfter(since: number): number {
    let lo = 0;
    let hi = this.#versions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#versions[mid]! <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
