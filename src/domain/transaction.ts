import type { Kysely, Transaction } from 'kysely';
import { isTransient } from '../db/errors.js';
import type { DB } from '../db/types.js';
import { activityIdsAtVenue, appendChange, placesOfPublicActivities } from '../repositories/changes.js';
import { EVERYTHING, tags } from './change-tags.js';

/**
 * What a transaction changes in public data, gathered while it runs and appended to the change
 * log as its last statement, so the caches of every instance learn of it once it commits
 * (docs/caching.md). Drafts and submitted activities are not public: changing them tags nothing.
 */
export class Changes {
  readonly #tags = new Set<string>();
  readonly #activities = new Set<number>();

  constructor(private readonly trx: Transaction<DB>) {}

  /** Activities about to change (or just created): where they are shown now, and at commit. */
  async activities(ids: readonly number[]): Promise<void> {
    const fresh = ids.filter((id) => !this.#activities.has(id));
    for (const id of fresh) this.#activities.add(id);
    await this.#tagPlaces(fresh);
  }

  /** Every activity held at a venue about to change. */
  async venue(venueId: number): Promise<void> {
    await this.activities(await activityIdsAtVenue(this.trx, venueId));
  }

  /** A change that shows everywhere: an edition's settings, an organizer's name, a town. */
  everything(): void {
    this.#tags.add(EVERYTHING);
  }

  async #tagPlaces(ids: readonly number[]): Promise<void> {
    const { activities, coOrganizers } = await placesOfPublicActivities(this.trx, ids);
    for (const a of activities) {
      this.#tags.add(tags.activity(a.id)).add(tags.edition(a.edition_id)).add(tags.organizer(a.organizer_id));
      if (a.town_id !== null) this.#tags.add(tags.town(a.town_id));
      if (a.municipality_code) this.#tags.add(tags.municipality(a.municipality_code));
      if (a.county_code) this.#tags.add(tags.county(a.county_code));
    }
    for (const co of coOrganizers) this.#tags.add(tags.organizer(co.organizer_id));
  }

  /** Appends the change, if public data changed; the transaction's last statement. */
  async record(now: Date): Promise<void> {
    await this.#tagPlaces([...this.#activities]);
    if (this.#tags.size === 0) return;
    await appendChange(this.trx, this.#tags.has(EVERYTHING) ? [EVERYTHING] : [...this.#tags], now.toISOString());
  }
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
