import { ChangeLog } from './change-log.js';
import type { SimServer } from './sim-server.js';
import { TagIndex } from './tag-index.js';

interface Entry {
  server: SimServer;
  /** Creation order: listings come out in it, as they always have. */
  ordinal: number;
}

/**
 * The simulated cloud's servers: live ones apart from deleted ones (tombstones), an
 * index by metadata pair and a log of changes by counter value, so that each kind of
 * listing costs about what it returns however many servers the cloud has ever had.
 *
 * Tombstones exist only for changes-since listings (a deletion must be told from
 * "unchanged"). Like Nova's deleted rows, which operators archive and purge, they are
 * forgotten `retentionMs` after the deletion: from then on the server is unknown, as
 * one that never existed, and a changes-since listing no longer reports it. Pruning is
 * a function of the clock alone (it runs on every listing and every deletion), so runs
 * stay deterministic.
 *
 * Keeping it in step: `add` when a server is created (before its first change),
 * `changed` after every change to its version (SimWorld.touchServer), `setMetadata`
 * for a metadata change.
 */
export class ServerTable {
  readonly #all = new Map<string, Entry>();
  /** Servers not deleted, in creation order. */
  readonly #live = new Map<string, SimServer>();
  readonly #tags = new TagIndex();
  readonly #changes = new ChangeLog((id) => this.#all.get(id)?.server.version);
  /** Deleted servers in deletion order (deletions happen in clock order). */
  #tombstones: { id: string; deletedAt: number }[] = [];
  #tombstoneHead = 0;
  #ordinals = 0;

  constructor(
    private readonly now: () => number,
    private readonly retentionMs: number,
  ) {}

  /** A live server or a tombstone not yet pruned. */
  get(id: string): SimServer | undefined {
    return this.#all.get(id)?.server;
  }

  /** Servers not deleted, in creation order. Safe to delete servers while iterating. */
  live(): IterableIterator<SimServer> {
    return this.#live.values();
  }

  /**
   * What the table holds: live servers, remembered ones (live plus tombstones), distinct
   * metadata pairs indexed, change-log entries. For tests and diagnostics: memory
   * follows the live servers and the deletions within the retention, not the history.
   */
  get sizes(): { live: number; remembered: number; tagPairs: number; logEntries: number } {
    return { live: this.#live.size, remembered: this.#all.size, tagPairs: this.#tags.size, logEntries: this.#changes.length };
  }

  add(s: SimServer): void {
    if (this.#all.has(s.id)) throw new RangeError(`server ${s.id} exists already`);
    this.#all.set(s.id, { server: s, ordinal: this.#ordinals++ });
    this.#live.set(s.id, s);
    this.#tags.add(s.id, s.metadata);
  }

  /** After `s.version` took a new counter value; buries `s` when it was just deleted. */
  changed(s: SimServer): void {
    this.#changes.append(s.version, s.id);
    if (s.deleted && this.#live.delete(s.id)) {
      this.#tombstones.push({ id: s.id, deletedAt: this.now() });
      this.prune();
    }
    this.#changes.compact(this.#all.size);
  }

  /** Replaces the metadata of `s` in the server and the index; the caller then touches it. */
  setMetadata(s: SimServer, metadata: Readonly<Record<string, string>>): void {
    this.#tags.remove(s.id, s.metadata);
    s.metadata = { ...metadata };
    this.#tags.add(s.id, s.metadata);
  }

  /**
   * Every server a listing with this cursor and metadata filter could return (a
   * superset: the caller applies the filter itself), in creation order. `since` null:
   * a plain listing (live servers only); else changes-since (tombstones included).
   */
  candidates(since: number | null, metadata: Readonly<Record<string, string>> | undefined): SimServer[] {
    this.prune();
    const tagged = metadata !== undefined && Object.keys(metadata).length > 0 ? this.#tags.candidates(metadata) : null;
    if (since === null && tagged === null) return [...this.#live.values()];
    const ids = tagged !== null && (since === null || tagged.size <= this.#changes.countSince(since)) ? tagged : this.#changes.since(since!);
    const found: Entry[] = [];
    for (const id of ids) found.push(this.#all.get(id)!);
    return found.sort((a, b) => a.ordinal - b.ordinal).map((e) => e.server);
  }

  /** Forgets tombstones older than the retention. */
  prune(): void {
    const horizon = this.now() - this.retentionMs;
    const queue = this.#tombstones;
    while (this.#tombstoneHead < queue.length && queue[this.#tombstoneHead]!.deletedAt <= horizon) {
      const { id } = queue[this.#tombstoneHead++]!;
      const e = this.#all.get(id);
      if (e === undefined) continue;
      this.#tags.remove(id, e.server.metadata);
      this.#all.delete(id);
    }
    // Drop the consumed head once it is most of the array (amortised O(1) per tombstone).
    if (this.#tombstoneHead > 1024 && this.#tombstoneHead * 2 > queue.length) {
      this.#tombstones = queue.slice(this.#tombstoneHead);
      this.#tombstoneHead = 0;
    }
  }
}
