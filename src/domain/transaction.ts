import type { Kysely, Transaction } from 'kysely';
import { isTransient } from '../db/errors.js';
import type { DB } from '../db/types.js';
import { type Listing, activityIdsAtVenue, appendChange, listings } from '../repositories/changes.js';
import { EVERYTHING, listed, tags } from './change-tags.js';

/**
 * What a transaction changes in public data, gathered while it runs and appended to the change
 * log as its last statement, so the caches of every instance learn of it once it commits
 * (docs/caching.md). Drafts and submitted activities are not public: changing them tags nothing.
 */
export class Changes {
  readonly #tags = new Set<string>();
  /** What each activity about to change was listed as before, undefined when it was not public. */
  readonly #before = new Map<number, Listing | undefined>();

  constructor(private readonly trx: Transaction<DB>) {}

  /** Activities just created: shown nowhere before. */
  created(ids: readonly number[]): void {
    for (const id of ids) if (!this.#before.has(id)) this.#before.set(id, undefined);
  }

  /** Activities about to change: where they are shown now, and at commit. */
  async activities(ids: readonly number[]): Promise<void> {
    const fresh = ids.filter((id) => !this.#before.has(id));
    for (const id of fresh) this.#before.set(id, undefined);
    for (const listing of await listings(this.trx, fresh)) this.#before.set(listing.id, listing);
  }

  /** Every activity held at a venue about to change. */
  async venue(venueId: number): Promise<void> {
    await this.activities(await activityIdsAtVenue(this.trx, venueId));
  }

  /** A change that shows everywhere: an edition's settings, an organizer's name, a town. */
  everything(): void {
    this.#tags.add(EVERYTHING);
  }

  /**
   * Each activity's own tag and its places', before and after; and the listings of those places
   * when it entered, left or moved in their lists.
   */
  #tagActivities(after: readonly Listing[]): void {
    const now = new Map(after.map((listing) => [listing.id, listing]));
    for (const [id, before] of this.#before) {
      const later = now.get(id);
      if (!before && !later) continue;
      this.#tags.add(tags.activity(id));
      const relisted = before?.listedAs !== later?.listedAs;
      for (const listing of [before, later]) {
        if (!listing) continue;
        for (const place of placesOf(listing)) {
          this.#tags.add(place);
          if (relisted) this.#tags.add(listed(place));
        }
      }
    }
  }

  /** Appends the change, if public data changed; the transaction's last statement. */
  async record(now: Date): Promise<void> {
    this.#tagActivities(await listings(this.trx, [...this.#before.keys()]));
    if (this.#tags.size === 0) return;
    await appendChange(this.trx, this.#tags.has(EVERYTHING) ? [EVERYTHING] : [...this.#tags], now.toISOString());
  }
}

function placesOf(listing: Listing): string[] {
  const places = [tags.edition(listing.editionId), ...listing.organizerIds.map(tags.organizer)];
  if (listing.townId !== null) places.push(tags.town(listing.townId));
  if (listing.municipalityCode) places.push(tags.municipality(listing.municipalityCode));
  if (listing.countyCode) places.push(tags.county(listing.countyCode));
  return places;
}

const ATTEMPTS = 5;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in a transaction and records what it changed. A transaction the database aborted
 * for a deadlock or a serialization failure (or SQLite's file stayed busy) runs again, up to five
 * times with growing, jittered pauses, so the user's save goes through instead of a 500: `work`
 * must therefore only write through `trx` (mail goes to the outbox table in it).
 */
export async function transact<T>(db: Kysely<DB>, work: (trx: Transaction<DB>, changes: Changes) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const changes = new Changes(trx);
        const result = await work(trx, changes);
        await changes.record(new Date());
        return result;
      });
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransient(error)) throw error;
      await pause(20 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}
