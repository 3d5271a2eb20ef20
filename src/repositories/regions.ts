import type { Executor } from '../db/executor.js';

export async function townIdBySlug(db: Executor, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('towns').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function municipalityExists(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('municipalities').select('code').where('code', '=', code).executeTakeFirst());
}

export async function countyExists(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('counties').select('code').where('code', '=', code).executeTakeFirst());
}

export interface Region {
  code: string;
  name: string;
  slug: string;
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
  const collator = new Intl.Collator('sv');
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

/** A town by its slug, with its municipality and county. */
export async function findTownWithRegions(db: Executor, slug: string): Promise<{ id: number; slug: string; name: string; municipality: Region; county: Region } | undefined> {
  const row = await db
    .selectFrom('towns as t')
    .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
    .innerJoin('counties as c', 'c.code', 'm.county_code')
    .select(['t.id', 't.slug', 't.name', 'm.code as m_code', 'm.name as m_name', 'm.slug as m_slug', 'c.code as c_code', 'c.name as c_name', 'c.slug as c_slug'])
    .where('t.slug', '=', slug)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      slug: row.slug,
      name: row.name,
      municipality: { code: row.m_code, name: row.m_name, slug: row.m_slug },
      county: { code: row.c_code, name: row.c_name, slug: row.c_slug },
    }
  );
}
