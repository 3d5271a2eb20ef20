import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { changesAfter, lastChangeId } from '../repositories/changes.js';

export interface ChangeFeedOptions {
  /** This process's count of writing statements (Database.writes): after one, read at once. */
  writes: () => number;
  /** How long a reading may be trusted when this process wrote nothing since. */
  maxAgeMs?: number;
  /**
   * How long after seeing a change an earlier-numbered one may still commit. On PostgreSQL ids
   * are taken in one order and committed in another; a change is appended as its transaction's
   * last statement, so the gap is only a commit's length, and ten seconds is ample.
   */
  windowMs?: number;
  now?: () => number;
}

/**
 * The change log as this instance reads it: each committed change once, in order, to whoever
 * listens (the response cache). Read again at once after this process writes, otherwise at most
 * every `maxAgeMs`: a write through another instance reaches this one within that time.
 */
export class ChangeFeed {
  readonly #db: Kysely<DB>;
  readonly #writes: () => number;
  readonly #maxAgeMs: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #listeners: ((tags: string[]) => void)[] = [];
  /** Every change up to here is known; above it, those in `seen` are. */
  #floor: number | undefined;
  readonly #seen = new Map<number, number>();
  #readAt = -Infinity;
  #writesAtRead = -1;
  #reading: Promise<void> | undefined;

  constructor(db: Kysely<DB>, options: ChangeFeedOptions) {
    this.#db = db;
    this.#writes = options.writes;
    this.#maxAgeMs = options.maxAgeMs ?? 1000;
    this.#windowMs = options.windowMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  onChange(listener: (tags: string[]) => void): void {
    this.#listeners.push(listener);
  }

  /** Whether the last reading may still be trusted. */
  fresh(): boolean {
    return this.#writesAtRead === this.#writes() && this.#now() - this.#readAt < this.#maxAgeMs;
  }

  /** Reads the changes committed since the last reading and tells the listeners; one reading at a time. */
  read(): Promise<void> {
    this.#reading ??= this.#read().finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  async #read(): Promise<void> {
    const writes = this.#writes();
    const at = this.#now();
    if (this.#floor === undefined) {
      // What happened before this instance started is in no answer it keeps.
      this.#floor = await lastChangeId(this.#db);
    } else {
      for (const change of await changesAfter(this.#db, this.#floor)) {
        if (this.#seen.has(change.id)) continue;
        this.#seen.set(change.id, at);
        const tags = change.tags.split(' ');
        for (const listener of this.#listeners) listener(tags);
      }
      for (const [id, seenAt] of this.#seen) {
        if (at - seenAt < this.#windowMs) continue;
        this.#floor = Math.max(this.#floor, id);
        this.#seen.delete(id);
      }
    }
    this.#readAt = at;
    this.#writesAtRead = writes;
  }
}
