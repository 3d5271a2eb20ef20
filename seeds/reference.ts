import { readFileSync } from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../src/db/types.js';
import { slugify } from '../src/domain/slug.js';
import { inPackage } from '../src/paths.js';

export interface ReferenceTown {
  name: string;
  slug: string;
  municipalityCode: string;
  /** The municipality's seat (centralort). */
  seat: boolean;
  lat: number;
  lon: number;
}

interface Regions {
  counties: { code: string; name: string; municipalities: { code: string; name: string }[] }[];
}

const dir = (file: string) => inPackage('seeds', 'reference', file);

export const regions: Regions = JSON.parse(readFileSync(dir('regions.json'), 'utf8'));

/** Slugs from names; where two names give the same slug, both get a suffix that tells them apart. */
function uniqueSlugs<T>(items: T[], name: (item: T) => string, suffix: (item: T) => string): string[] {
  const base = items.map((item) => slugify(name(item)));
  const counts = new Map<string, number>();
  for (const slug of base) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  return base.map((slug, i) => (counts.get(slug)! > 1 ? `${slug}-${slugify(suffix(items[i]!))}` : slug));
}

const municipalityList = regions.counties.flatMap((c) => c.municipalities.map((m) => ({ ...m, county: c })));
const municipalitySlugs = uniqueSlugs(municipalityList, (m) => m.name, (m) => m.county.name.replace(/ län$/, ''));

/** Towns from towns.csv; a name used in two municipalities gets the municipality in its slug. */
export function loadTowns(): ReferenceTown[] {
  const municipalityNames = new Map(regions.counties.flatMap((c) => c.municipalities.map((m) => [m.code, m.name])));
  const rows = readFileSync(dir('towns.csv'), 'utf8').trim().split('\n').slice(1);
  const towns = rows.map((line) => {
    const [name, municipalityCode, seat, lat, lon] = line.split(',');
    if (!name || !municipalityCode || !municipalityNames.has(municipalityCode)) {
      throw new Error(`towns.csv: bad row "${line}"`);
    }
    return { name, municipalityCode, seat: seat === '1', lat: Number(lat), lon: Number(lon) };
  });
  const slugs = uniqueSlugs(towns, (t) => t.name, (t) => municipalityNames.get(t.municipalityCode)!);
  return towns.map((town, i) => ({ ...town, slug: slugs[i]! }));
}

/** Counties, municipalities and towns: what every deployment starts with. Idempotent. */
export async function insertReferenceData(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute((trx) => writeReferenceData(trx));
}

/** The same inside the caller's transaction. */
export async function writeReferenceData(trx: Transaction<DB>): Promise<void> {
  const existing = await trx.selectFrom('counties').select('code').limit(1).executeTakeFirst();
  if (existing) return;
  await trx
    .insertInto('counties')
    .values(regions.counties.map((c) => ({ code: c.code, name: c.name, slug: slugify(c.name) })))
    .execute();
  await trx
    .insertInto('municipalities')
    .values(municipalityList.map((m, i) => ({ code: m.code, name: m.name, slug: municipalitySlugs[i]!, county_code: m.county.code })))
    .execute();
  const towns = loadTowns();
  for (let i = 0; i < towns.length; i += 200) {
    await trx
      .insertInto('towns')
      .values(
        towns.slice(i, i + 200).map((t) => ({
          name: t.name,
          slug: t.slug,
          municipality_code: t.municipalityCode,
          lat: t.lat,
          lon: t.lon,
        })),
      )
      .execute();
  }
}
