import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.js';
import type { DB, Edition } from '../db/types.js';
import {
  type ActivityFilter,
  type ActivityPosition,
  editionLastChange,
  findPublicActivitiesByIds,
  findPublicActivityIds,
  findPublicActivityIdsCounted,
  findSearchedTexts,
} from '../repositories/activities.js';
import { listPublicEditions } from '../repositories/editions.js';
import type { PublicActivityData } from '../schemas/activity.js';
import { containsAllWords } from '../db/search.js';
import { ChangeFeed } from './change-feed.js';
import { EVERYTHING, listed, tags as changeTags } from './change-tags.js';

/**
 * What answers the response cache does not hold (another filter, another page, a visitor with a
 * session) are made of, kept in memory and forgotten by the change log as kept answers are
 * (docs/caching.md): public activities by id, as the API, pages and feeds show them; the pages of
 * ids each list holds; each edition's searched texts; lists over an edition (its filter menus); and
 * the public editions themselves, which every page asks for. The eight-table join and the four
 * child lists were most of a list's cost, its query for ids most of the rest.
 * Kept values are shared by every request, so they are frozen: whoever needs another shape copies.
 */
class KeptReads {
  readonly #feed: ChangeFeed;
  readonly #max: number;
  readonly #activities = new Map<number, PublicActivityData>();
  /** By edition id, then by the list's name. */
  readonly #editionLists = new Map<number, Map<string, unknown>>();
  #editions?: { list: readonly Edition[]; readAt: number };
  /** Pages of ids by edition, filter and page, oldest first: which activities a list holds, in what order. */
  readonly #idPages = new Map<string, { editionId: number; page: unknown }>();
  /** Each edition's searched texts by activity id, and the ids a change named since they were read. */
  readonly #searched = new Map<number, Map<number, string>>();
  readonly #searchedStale = new Set<number>();
  /** Counts the changes applied: what was read from the database before a change is not kept after it. */
  #epoch = 0;

  constructor(db: Kysely<DB>, options: KeepOptions) {
    this.#max = options.max ?? 10_000;
    this.#feed = new ChangeFeed(db, { writes: options.writes, maxAgeMs: options.changeMaxAgeMs });
    this.#feed.onChange((tags) => {
      this.#epoch++;
      if (tags.includes(EVERYTHING)) {
        this.#activities.clear();
        this.#editionLists.clear();
        this.#editions = undefined;
        this.#idPages.clear();
        this.#forgetSearched();
        return;
      }
      const relisted = new Set(tags.filter((tag) => tag.startsWith(LISTED_EDITION)).map((tag) => Number(tag.slice(LISTED_EDITION.length))));
      if (relisted.size > 0) for (const [key, { editionId }] of this.#idPages) if (relisted.has(editionId)) this.#idPages.delete(key);
      for (const tag of tags) {
        if (tag.startsWith('a:')) {
          const id = Number(tag.slice(2));
          this.#activities.delete(id);
          if (this.#searched.size > 0) this.#searchedStale.add(id);
        } else if (tag.startsWith('e:')) this.#editionLists.delete(Number(tag.slice(2)));
      }
      // A change as large as an import: each edition is read whole again when next searched.
      if (this.#searchedStale.size > SEARCHED_STALE_MAX) this.#forgetSearched();
    });
  }

  async #fresh(): Promise<number> {
    if (!this.#feed.fresh()) await this.#feed.read();
    return this.#epoch;
  }

  async activitiesById(db: Executor, ids: readonly number[]): Promise<PublicActivityData[]> {
    const epoch = await this.#fresh();
    const found = new Map<number, PublicActivityData>();
    const missing: number[] = [];
    for (const id of ids) {
      const activity = this.#activities.get(id);
      if (activity) found.set(id, activity);
      else missing.push(id);
    }
    const loaded = await findPublicActivitiesByIds(db, missing);
    for (const activity of loaded) found.set(activity.id, activity);
    if (epoch === this.#epoch) {
      for (const activity of loaded) this.#activities.set(activity.id, deepFreeze(activity));
      // The first kept go first; a whole edition's feed is the most one answer asks for.
      for (const [id] of this.#activities) {
        if (this.#activities.size <= this.#max) break;
        this.#activities.delete(id);
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async editions(db: Executor): Promise<readonly Edition[]> {
    const epoch = await this.#fresh();
    if (this.#editions && Date.now() - this.#editions.readAt < EDITIONS_MAX_AGE_MS) return this.#editions.list;
    const readAt = Date.now();
    const list = await listPublicEditions(db);
    if (epoch === this.#epoch) this.#editions = { list: deepFreeze(list), readAt };
    return list;
  }

  /**
   * An edition's searched texts by activity id. Read whole once; after that only the activities a
   * change named are read again, since a save every second on the day would otherwise have every
   * search after it read the whole edition's texts.
   */
  async searchedTexts(db: Executor, editionId: number): Promise<ReadonlyMap<number, string>> {
    const epoch = await this.#fresh();
    const texts = this.#searched.get(editionId);
    if (!texts) {
      const read = await readSearchedTexts(db, editionId);
      if (epoch === this.#epoch) this.#searched.set(editionId, read);
      return read;
    }
    if (this.#searchedStale.size === 0) return texts;
    const stale = [...this.#searchedStale];
    const rows = await findSearchedTexts(db, { ids: stale });
    // Read while a change came in, the rows may be older than what another search has put since.
    if (epoch !== this.#epoch) return texts;
    for (const kept of this.#searched.values()) for (const id of stale) kept.delete(id);
    for (const row of rows) this.#searched.get(row.editionId)?.set(row.id, row.searched);
    for (const id of stale) this.#searchedStale.delete(id);
    return texts;
  }

  #forgetSearched(): void {
    this.#searched.clear();
    this.#searchedStale.clear();
  }

  /**
   * A page of ids a list shows, kept until a change to the listings of its edition (an activity
   * entering, leaving or moving in its lists; docs/caching.md), or to everything.
   */
  async idPage<T>(editionId: number, key: string, load: () => Promise<T>): Promise<T> {
    const epoch = await this.#fresh();
    const kept = this.#idPages.get(key);
    if (kept) return kept.page as T;
    const page = await load();
    if (epoch === this.#epoch) {
      this.#idPages.set(key, { editionId, page: deepFreeze(page) });
      for (const [oldest] of this.#idPages) {
        if (this.#idPages.size <= ID_PAGES_MAX) break;
        this.#idPages.delete(oldest);
      }
    }
    return page;
  }

  async editionList<T>(editionId: number, name: string, load: () => Promise<T>): Promise<T> {
    const epoch = await this.#fresh();
    const lists = this.#editionLists.get(editionId);
    if (lists?.has(name)) return lists.get(name) as T;
    const value = await load();
    if (epoch === this.#epoch) {
      if (!this.#editionLists.has(editionId)) this.#editionLists.set(editionId, new Map());
      this.#editionLists.get(editionId)!.set(name, deepFreeze(value));
    }
    return value;
  }
}

/**
 * An edition's settings change through the app, which logs the change for every instance; a new
 * edition comes only from seeding an empty database, which may happen beside a running server. So
 * the public editions are read again after a minute even when no change says so.
 */
const EDITIONS_MAX_AGE_MS = 60_000;
const SEARCHED_STALE_MAX = 1_000;
/** Pages of ids kept, over all editions: a few numbers each. */
const ID_PAGES_MAX = 5_000;
/** The listing tag of an edition, before its id. */
const LISTED_EDITION = listed(changeTags.edition(0)).slice(0, -1);

/** An edition's searched texts from the database, by activity id. */
async function readSearchedTexts(db: Executor, editionId: number): Promise<Map<number, string>> {
  return new Map((await findSearchedTexts(db, { editionId })).map((row) => [row.id, row.searched]));
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

/** What is kept for each app's database; a transaction, a job or a command reads the database itself. */
const keptFor = new WeakMap<Executor, KeptReads>();

/** Keeps public reads made through `db` (the app's connection) in memory from now on. */
export function keepPublicReads(db: Kysely<DB>, options: KeepOptions): void {
  keptFor.set(db, new KeptReads(db, options));
}

/** The public activities among `ids`, in that order, leaving out any that is not (or no longer) public. */
export async function publicActivitiesById(db: Executor, ids: readonly number[]): Promise<PublicActivityData[]> {
  const kept = keptFor.get(db);
  if (kept) return kept.activitiesById(db, ids);
  const found = new Map((await findPublicActivitiesByIds(db, ids)).map((activity) => [activity.id, activity]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** A public activity by id, or undefined when there is none or it is not public. */
export async function publicActivity(db: Executor, id: number): Promise<PublicActivityData | undefined> {
  return (await publicActivitiesById(db, [id]))[0];
}

/** What a list narrows an edition's public activities by: a search by its folded words (src/db/search.ts). */
export type ListFilter = Omit<ActivityFilter, 'matches'> & { words?: readonly string[] };

/**
 * The ids of a page, kept when the list is over the app's own connection. A search's matches are
 * found when its page is read, not kept apart: they follow from its words and the searched texts,
 * which change only with a listing, and so are as new as the page.
 */
function keptIds<T>(db: Executor, kind: 'ids' | 'counted', filter: ListFilter, page: object, load: (filter: ActivityFilter) => Promise<T>): Promise<T> {
  const { words, ...rest } = filter;
  const read = async () => load(words ? { ...rest, matches: await searchMatches(db, filter.editionId, words) } : rest);
  const kept = keptFor.get(db);
  if (!kept) return read();
  return kept.idPage(filter.editionId, `${kind} ${JSON.stringify(filter)} ${JSON.stringify(page)}`, read);
}

/** One page of the public activities a filter narrows to, in start order. */
export async function publicActivityPage(
  db: Executor,
  filter: ListFilter,
  page: { limit: number; after?: ActivityPosition; offset?: number },
): Promise<PublicActivityData[]> {
  return publicActivitiesById(db, await keptIds(db, 'ids', filter, page, (read) => findPublicActivityIds(db, read, page)));
}

/** The same page, and how many activities the filter narrows to in all. */
export async function countedActivityPage(
  db: Executor,
  filter: ListFilter,
  page: { limit: number; after?: ActivityPosition; offset?: number },
): Promise<{ items: PublicActivityData[]; total: number }> {
  const { ids, total } = await keptIds(db, 'counted', filter, page, (read) => findPublicActivityIdsCounted(db, read, page));
  return { items: await publicActivitiesById(db, ids), total };
}

/**
 * A list over an edition's public programme (which towns or organizers have activities in it),
 * kept until a change to the edition's public activities, or to everything, forgets it.
 */
export function editionList<T>(db: Executor, editionId: number, name: string, load: () => Promise<T>): Promise<T> {
  const kept = keptFor.get(db);
  return kept ? kept.editionList(editionId, name, load) : load();
}

/** The ids of an edition's public activities in whose searched text every word occurs (src/db/search.ts), in no particular order. */
export async function searchMatches(db: Executor, editionId: number, words: readonly string[]): Promise<number[]> {
  const kept = keptFor.get(db);
  const texts = kept ? await kept.searchedTexts(db, editionId) : await readSearchedTexts(db, editionId);
  const ids: number[] = [];
  for (const [id, searched] of texts) if (containsAllWords(searched, words)) ids.push(id);
  return ids;
}

/** When an edition's public programme last changed (what its answers are dated by), kept as its lists are. */
export function editionLastChanged(db: Executor, editionId: number): Promise<string> {
  return editionList(db, editionId, 'last change', () => editionLastChange(db, editionId));
}

/** Every public edition, oldest first. */
export function publicEditions(db: Executor): Promise<readonly Edition[]> {
  const kept = keptFor.get(db);
  return kept ? kept.editions(db) : listPublicEditions(db);
}
