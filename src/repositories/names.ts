import type { Executor } from '../db/executor.js';

/** Venues as people name them, "Stadsbiblioteket, Rådhusesplanaden 6, Umeå", by id. */
export async function venueLabels(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('venues as v')
    .innerJoin('towns as t', 't.id', 'v.town_id')
    .where('v.id', 'in', [...new Set(ids)])
    .select(['v.id', 'v.name', 'v.street_address', 't.name as town'])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.name}, ${r.street_address}, ${r.town}`]));
}

/** Town names by id. */
export async function townLabels(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('towns').where('id', 'in', [...new Set(ids)]).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Organizer names by id. */
export async function organizerLabels(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organizers').where('id', 'in', [...new Set(ids)]).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
