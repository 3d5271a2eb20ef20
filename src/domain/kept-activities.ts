import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { DB } from '../db/types.js';
import { type ActivityFilter, type ActivityPosition, findPublicActivitiesByIds, findPublicActivityIds } from '../repositories/activities.js';
import type { PublicActivityData } from '../schemas/activity.js';
import { ChangeFeed } from './change-feed.js';
import { EVERYTHING } from './change-tags.js';

/**
 * Public activities as the API, the pages and the feeds show them, kept in memory by id and
 * forgotten by the change log as kept answers are (docs/caching.md). A list the response cache
 * does not hold (another filter, another page, a visitor with a session) then asks the database
 * only for the ids it shows: the eight-table join and the four child lists were most of its cost.
 * Kept objects are shared by every request, so they are frozen: whoever needs another shape copies.
 */
class KeptActivities {
  readonly #feed: ChangeFeed;
  readonly #max: number;
  readonly #byId = new Map<number, PublicActivityData>();
  /** Counts the changes applied: an activity read from the database before a change is not kept after it. */
  #epoch = 0;

  constructor(db: Kysely<DB>, options: KeepOptions) {
    this.#max = options.max ?? 10_000;
    this.#feed = new ChangeFeed(db, { writes: options.writes, maxAgeMs: options.changeMaxAgeMs });
    this.#feed.onChange((tags) => {
      this.#epoch++;
      if (tags.includes(EVERYTHING)) return this.#byId.clear();
      for (const tag of tags) if (tag.startsWith('a:')) this.#byId.delete(Number(tag.slice(2)));
    });
  }

  async byIds(db: Executor, ids: readonly number[]): Promise<PublicActivityData[]> {
    if (!this.#feed.fresh()) await this.#feed.read();
    const epoch = this.#epoch;
    const found = new Map<number, PublicActivityData>();
    const missing: number[] = [];
    for (const id of ids) {
      const activity = this.#byId.get(id);
      if (activity) found.set(id, activity);
      else missing.push(id);
    }
    const loaded = await findPublicActivitiesByIds(db, missing);
    for (const activity of loaded) found.set(activity.id, activity);
    if (epoch === this.#epoch) {
      for (const activity of loaded) this.#byId.set(activity.id, deepFreeze(activity));
      // The first kept go first; a whole edition's feed is the most one answer asks for.
      for (const [id] of this.#byId) {
        if (this.#byId.size <= this.#max) break;
        this.#byId.delete(id);
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export interface KeepOptions {
  /** This process's count of writes (Database.writes): after one, the change log is read before the next lookup. */
  writes: () => number;
  /** How many activities to keep. */
  max?: number;
  /** How long the reading of the change log is trusted when this process wrote nothing since. */
  changeMaxAgeMs?: number;
}

/** The kept activities of each app's database; a transaction, a job or a command reads the database itself. */
const keptFor = new WeakMap<Executor, KeptActivities>();

/** Keeps the public activities read through `db` (the app's connection) in memory from now on. */
export function keepPublicActivities(db: Kysely<DB>, options: KeepOptions): void {
  keptFor.set(db, new KeptActivities(db, options));
}

/** The public activities among `ids`, in that order, leaving out any that is not (or no longer) public. */
export async function publicActivitiesById(db: Executor, ids: readonly number[]): Promise<PublicActivityData[]> {
  const kept = keptFor.get(db);
  if (kept) return kept.byIds(db, ids);
  const found = new Map((await findPublicActivitiesByIds(db, ids)).map((activity) => [activity.id, activity]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** A public activity by id, or undefined when there is none or it is not public. */
export async function publicActivity(db: Executor, id: number): Promise<PublicActivityData | undefined> {
  return (await publicActivitiesById(db, [id]))[0];
}

/** One page of the public activities a filter narrows to, in start order. */
export async function publicActivityPage(
  db: Executor,
  filter: ActivityFilter,
  page: { limit: number; after?: ActivityPosition; offset?: number },
): Promise<PublicActivityData[]> {
  return publicActivitiesById(db, await findPublicActivityIds(db, filter, page));
}
