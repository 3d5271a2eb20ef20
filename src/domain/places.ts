import type { Executor } from '../db/executor.js';
import { type PlacedTown, allRegions, allTowns } from '../repositories/places.js';

/**
 * Counties, municipalities and towns are reference data, written only when the database is set
 * up (seeds/reference.ts): read once per database, not on every page, feed and filter that names
 * or offers them. The municipalities are the largest filter menu (290, sorted); a town's page
 * looked its town up with a three-table join on every request.
 */
const readOnce = new WeakMap<Executor, Map<string, Promise<unknown>>>();

function once<T>(db: Executor, name: string, load: () => Promise<T>): Promise<T> {
  let read = readOnce.get(db);
  if (!read) readOnce.set(db, (read = new Map()));
  let value = read.get(name) as Promise<T> | undefined;
  if (!value) {
    value = load();
    read.set(name, value);
    value.catch(() => read.delete(name));
  }
  return value;
}

/** Every county with its municipalities. */
export function regionList(db: Executor): ReturnType<typeof allRegions> {
  return once(db, 'regions', () => allRegions(db));
}

/** A town by its slug, with its municipality and county. */
export async function townBySlug(db: Executor, slug: string): Promise<PlacedTown | undefined> {
  const towns = await once(db, 'towns', async () => new Map((await allTowns(db)).map((town) => [town.slug, town])));
  return towns.get(slug);
}
