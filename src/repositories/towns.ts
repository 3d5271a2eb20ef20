import { PUBLIC_STATUS_LIST } from '../db/types.js';
import type { TownWithCount } from '../schemas/town.js';
import type { Executor } from '../db/executor.js';

/** Towns with at least one public activity in the edition, with how many, in Swedish alphabetical order. */
export async function townsWithActivityCounts(db: Executor, editionId: number): Promise<TownWithCount[]> {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('towns as t', 't.id', 'a.town_id')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .where('a.edition_id', '=', editionId)
    .where('a.status', 'in', PUBLIC_STATUS_LIST)
    .groupBy(['t.id', 't.slug', 't.name', 't.lat', 't.lon', 'm.code', 'm.name', 'c.code', 'c.name'])
    .select((eb) => [
      't.slug',
      't.name',
      't.lat',
      't.lon',
      'm.code as municipality_code',
      'm.name as municipality_name',
      'c.code as county_code',
      'c.name as county_name',
      eb.fn.countAll<number>().as('activity_count'),
    ])
    .execute();
  const collator = new Intl.Collator('sv');
  return rows
    .map((r) => ({
      slug: r.slug,
      name: r.name,
      municipality: { code: r.municipality_code, name: r.municipality_name },
      county: { code: r.county_code, name: r.county_name },
      lat: r.lat,
      lon: r.lon,
      activityCount: Number(r.activity_count),
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}
