import type { TownWithCount } from '../schemas/town.js';
import type { Executor } from '../db/executor.js';
import { isPublic } from './activities.js';

/** Swedish order for names; made once, as making a collator costs more than a menu's sorting. */
const collator = new Intl.Collator('sv');

export interface Region {
  code: string;
  name: string;
  slug: string;
}

export interface PlacedTown {
  id: number;
  slug: string;
  name: string;
  municipality: Region;
  county: Region;
}

/** Every town, with its municipality and county. */
export async function allTowns(db: Executor): Promise<PlacedTown[]> {
  const rows = await db
    .selectFrom('towns as t')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .select(['t.id', 't.slug', 't.name', 'm.code as m_code', 'm.name as m_name', 'm.slug as m_slug', 'c.code as c_code', 'c.name as c_name', 'c.slug as c_slug'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    municipality: { code: row.m_code, name: row.m_name, slug: row.m_slug },
    county: { code: row.c_code, name: row.c_name, slug: row.c_slug },
  }));
}

/** Town names by id. */
export async function townLabels(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('towns').where('id', 'in', [...new Set(ids)]).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function townExists(db: Executor, id: number): Promise<boolean> {
  return db.selectFrom('towns').select('id').where('id', '=', id).executeTakeFirst().then(Boolean);
}

/** Every town grouped for the county -> municipality -> town pick list. */
export function townsForPicking(db: Executor) {
  return db
    .selectFrom('towns as t')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .select(['t.id', 't.name', 'm.name as municipalityName', 'c.code as countyCode', 'c.name as countyName'])
    .orderBy('c.code')
    .orderBy('m.name')
    .orderBy('t.name')
    .execute();
}

/** Towns with public activities in an edition, with their municipality, for filter menus, in Swedish order. */
export async function townChoices(
  db: Executor,
  editionId: number,
): Promise<{ slug: string; name: string; municipality: { code: string; name: string } }[]> {
  // One index probe per town (activities_edition_town_idx) rather than counting the edition's activities.
  const rows = await db
    .selectFrom('towns as t')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .select(['t.slug', 't.name', 'm.code', 'm.name as municipality_name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('activities as a')
          .select('a.id')
          .whereRef('a.town_id', '=', 't.id')
          .where('a.edition_id', '=', editionId)
          .where(isPublic('a')),
      ),
    )
    .execute();
  return rows
    .map((r) => ({ slug: r.slug, name: r.name, municipality: { code: r.code, name: r.municipality_name } }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}

/** Towns with at least one public activity in the edition, with how many, in Swedish alphabetical order. */
export async function townsWithActivityCounts(db: Executor, editionId: number): Promise<TownWithCount[]> {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('towns as t', 't.id', 'a.town_id')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
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

export async function municipalityExists(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('municipalities').select('code').where('code', '=', code).executeTakeFirst());
}

export async function countyExists(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('counties').select('code').where('code', '=', code).executeTakeFirst());
}

/** A municipality by its slug ("umea") or its four-digit code ("2480"), with its county. */
export async function findMunicipality(db: Executor, slugOrCode: string): Promise<(Region & { county: Region }) | undefined> {
  const row = await db
    .selectFrom('municipalities as m')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .select(['m.code', 'm.name', 'm.slug', 'c.code as county_code', 'c.name as county_name', 'c.slug as county_slug'])
    .where((eb) => eb.or([eb('m.slug', '=', slugOrCode), eb('m.code', '=', slugOrCode)]))
    .executeTakeFirst();
  return row && { code: row.code, name: row.name, slug: row.slug, county: { code: row.county_code, name: row.county_name, slug: row.county_slug } };
}

/** A county by its slug ("vasterbottens-lan") or its two-digit code ("24"). */
export function findCounty(db: Executor, slugOrCode: string): Promise<Region | undefined> {
  return db
    .selectFrom('counties')
    .select(['code', 'name', 'slug'])
    .where((eb) => eb.or([eb('slug', '=', slugOrCode), eb('code', '=', slugOrCode)]))
    .executeTakeFirst();
}

/** Every county and its municipalities, for filter menus, in Swedish order. */
export async function allRegions(db: Executor): Promise<(Region & { municipalities: Region[] })[]> {
  const [counties, municipalities] = await Promise.all([
    db.selectFrom('counties').select(['code', 'name', 'slug']).execute(),
    db.selectFrom('municipalities').select(['code', 'name', 'slug', 'county_code']).execute(),
  ]);
  return counties
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((c) => ({
      ...c,
      municipalities: municipalities
        .filter((m) => m.county_code === c.code)
        .sort((a, b) => collator.compare(a.name, b.name))
        .map(({ code, name, slug }) => ({ code, name, slug })),
    }));
}

export interface MunicipalityRow {
  code: string;
  name: string;
  countyCode: string;
  countyName: string;
}

/** All of Sweden's municipalities with their county, the frame coverage is measured against. */
export async function allMunicipalities(db: Executor): Promise<MunicipalityRow[]> {
  const rows = await db
    .selectFrom('municipalities as m')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .select(['m.code', 'm.name', 'c.code as county_code', 'c.name as county_name'])
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, countyCode: r.county_code, countyName: r.county_name }));
}

export interface MunicipalityWithCount {
  code: string;
  name: string;
  slug: string;
  county: { code: string; name: string };
  activityCount: number;
}

/**
 * The edition's public activities per municipality code: one pass over the edition, where a count
 * per place went over it once per place (290 times: 0.8 s for an edition of 10 000).
 */
function activitiesPerMunicipality(db: Executor, editionId: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('towns as t', 't.id', 'a.town_id')
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
    .groupBy('t.municipality_code')
    .select((eb) => ['t.municipality_code', eb.fn.countAll<number>().as('n')])
    .as('x');
}

/** All 290 municipalities with their public activities in the edition (0 for none), by code. */
export async function municipalitiesWithCounts(db: Executor, editionId: number): Promise<MunicipalityWithCount[]> {
  const rows = await db
    .selectFrom('municipalities as m')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .leftJoin(activitiesPerMunicipality(db, editionId), 'x.municipality_code', 'm.code')
    .select(['m.code', 'm.name', 'm.slug', 'c.code as county_code', 'c.name as county_name', 'x.n as activity_count'])
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    slug: r.slug,
    county: { code: r.county_code, name: r.county_name },
    activityCount: Number(r.activity_count ?? 0),
  }));
}

export interface CountyWithCount {
  code: string;
  name: string;
  slug: string;
  municipalityCount: number;
  activityCount: number;
}

/** The 21 counties with their number of municipalities and public activities in the edition, by code. */
export async function countiesWithCounts(db: Executor, editionId: number): Promise<CountyWithCount[]> {
  const rows = await db
    .selectFrom('counties as c')
    .innerJoin('municipalities as m', 'm.county_code', 'c.code')
    .leftJoin(activitiesPerMunicipality(db, editionId), 'x.municipality_code', 'm.code')
    .groupBy(['c.code', 'c.name', 'c.slug'])
    .select((eb) => ['c.code', 'c.name', 'c.slug', eb.fn.countAll<number>().as('municipality_count'), eb.fn.sum<number>('x.n').as('activity_count')])
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    slug: r.slug,
    municipalityCount: Number(r.municipality_count ?? 0),
    activityCount: Number(r.activity_count ?? 0),
  }));
}
