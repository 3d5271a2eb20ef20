import { existsSync, readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/types.js';
import { verifyPassword } from '../../src/domain/passwords.js';
import { DEMO_ACCOUNTS, upcomingEditionDays } from '../../seeds/demo.js';
import { seedScale } from '../../seeds/scale.js';
import { TEST_NOW } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase, prepareTestDatabase } from '../helpers/database.js';

const shared = new URL('../../../shared/reference/', import.meta.url);
const csv = (name: string) =>
  readFileSync(new URL(name, shared), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));

let demo: TestDatabase;
let db: Kysely<DB>;
beforeAll(async () => {
  demo = await createTestDatabase();
  await prepareTestDatabase(demo.database, { demoData: true, now: TEST_NOW });
  db = demo.database.db;
});
afterAll(() => demo.drop());

const edition2019 = () =>
  db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('e.slug', '=', '2019')
    .where('a.status', 'in', ['published', 'cancelled']);

describe('reference data', () => {
  it('has the 21 counties and 290 municipalities with the official codes and names', async () => {
    const counties = await db.selectFrom('counties').select(['code', 'name']).orderBy('code').execute();
    const municipalities = await db.selectFrom('municipalities').select(['code', 'name', 'county_code']).orderBy('code').execute();
    expect(counties).toHaveLength(21);
    expect(municipalities).toHaveLength(290);
    expect(new Set(municipalities.map((m) => m.county_code)).size).toBe(21);
    if (existsSync(shared)) {
      expect(counties.map((c) => [c.code, c.name])).toEqual(csv('counties.csv').sort());
      expect(municipalities.map((m) => [m.code, m.name, m.county_code])).toEqual(csv('municipalities.csv').sort());
    }
  });

  it('has a seat town in Sweden for every municipality, with unique slugs', async () => {
    const towns = await db.selectFrom('towns').selectAll().execute();
    const withTown = new Set(towns.map((t) => t.municipality_code));
    expect(withTown.size).toBe(290);
    expect(new Set(towns.map((t) => t.slug)).size).toBe(towns.length);
    for (const town of towns) {
      expect(town.lat, town.name).toBeGreaterThan(55.3);
      expect(town.lat, town.name).toBeLessThan(69.1);
      expect(town.lon, town.name).toBeGreaterThan(10.9);
      expect(town.lon, town.name).toBeLessThan(24.2);
    }
    const umea = towns.find((t) => t.slug === 'umea')!;
    expect([umea.municipality_code, Math.round(umea.lat), Math.round(umea.lon)]).toEqual(['2480', 64, 20]);
  });
});

describe('Digital@Idag 2019 demo', () => {
  it('has exactly 260 public activities in exactly 110 towns across all 21 counties', async () => {
    const { n, towns } = await edition2019()
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('a.town_id').distinct().as('towns')])
      .executeTakeFirstOrThrow();
    expect([Number(n), Number(towns)]).toEqual([260, 110]);
    const counties = await edition2019()
      .innerJoin('towns as t', 't.id', 'a.town_id')
      .innerJoin('municipalities as m', 'm.code', 't.municipality_code')
      .select('m.county_code')
      .distinct()
      .execute();
    expect(counties).toHaveLength(21);
  });

  it('happens on 2 October 2019 in Stockholm time, with a few cancellations and a realistic mix', async () => {
    const rows = await edition2019().select(['a.starts_at', 'a.ends_at', 'a.status', 'a.format', 'a.organizer_id']).execute();
    for (const row of rows) {
      const start = DateTime.fromISO(row.starts_at, { zone: 'Europe/Stockholm' });
      expect(start.toISODate()).toBe('2019-10-02');
      expect(start.hour).toBeGreaterThanOrEqual(8);
      expect(row.ends_at > row.starts_at).toBe(true);
    }
    expect(rows.filter((r) => r.status === 'cancelled').length).toBe(5);
    expect(new Set(rows.map((r) => r.format))).toEqual(new Set(['on_site', 'online', 'hybrid', 'phone']));
    expect(new Set(rows.map((r) => r.organizer_id)).size).toBeGreaterThan(50);

    const ssc = await edition2019()
      .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
      .where('o.slug', '=', 'statens-servicecenter')
      .select((eb) => eb.fn.count<number>('a.town_id').distinct().as('towns'))
      .executeTakeFirstOrThrow();
    expect(Number(ssc.towns)).toBeGreaterThan(90);

    const panel = await edition2019()
      .innerJoin('venues as v', 'v.id', 'a.venue_id')
      .where('a.title', '=', 'Hela landets digitala möjligheter')
      .select(['v.name', 'v.street_address'])
      .executeTakeFirstOrThrow();
    expect(panel).toEqual({ name: 'Kulturhuset Stadsteatern', street_address: 'Sergels torg 3' });

    for (const [table, column, min] of [
      ['activity_audiences', 'audience', 5],
      ['activity_topics', 'topic', 8],
      ['activity_languages', 'language', 5],
    ] as const) {
      const values = await sql<{ v: string }>`select distinct ${sql.ref(column)} as v from ${sql.table(table)}`.execute(db);
      expect(values.rows.length, table).toBeGreaterThanOrEqual(min);
    }
  });

  it('has venues with addresses and accessibility facts', async () => {
    const venues = await db.selectFrom('venues').selectAll().execute();
    expect(venues.length).toBeGreaterThan(100);
    expect(venues.every((v) => /\S+ \d+/.test(v.street_address) && /^\d{3} \d{2}$/.test(v.postal_code ?? ''))).toBe(true);
    expect(venues.some((v) => v.step_free === 1) && venues.some((v) => v.hearing_loop === 0)).toBe(true);
  });
});

describe('other demo editions and accounts', () => {
  it('has 2020 and an upcoming two-day edition open for registration now', async () => {
    const editions = await db.selectFrom('editions').selectAll().orderBy('first_day').execute();
    expect(editions.map((e) => e.slug)).toEqual(['2019', '2020', '2027']);
    const upcoming = editions[2]!;
    expect([upcoming.first_day, upcoming.last_day]).toEqual(['2027-10-07', '2027-10-08']);
    expect(upcoming.registration_opens_at <= TEST_NOW.toISOString()).toBe(true);
    expect(upcoming.registration_closes_at > TEST_NOW.toISOString()).toBe(true);
    const statuses = await db.selectFrom('activities').where('edition_id', '=', upcoming.id).select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['draft', 'published', 'rejected', 'submitted']);
  });

  it('keeps the upcoming edition ahead of any clock', () => {
    for (const now of ['2026-03-01', '2026-09-30', '2026-10-01', '2026-12-31']) {
      const { firstDay } = upcomingEditionDays(new Date(`${now}T12:00:00Z`));
      expect(firstDay > now, now).toBe(true);
    }
  });

  it('has demo accounts that log in with the passwords the README gives', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const row = await db.selectFrom('accounts').selectAll().where('email', '=', account.email).executeTakeFirstOrThrow();
      expect(row.role).toBe(account.role);
      expect(await verifyPassword(account.password, row.password_hash)).toBe(true);
      expect(await verifyPassword('wrong', row.password_hash)).toBe(false);
    }
  });
});

async function dump(kysely: Kysely<DB>) {
  const out: Record<string, unknown[]> = {};
  for (const table of ['editions', 'counties', 'municipalities', 'towns', 'organizers', 'venues', 'activities', 'activity_co_organizers', 'activity_audiences', 'activity_topics', 'activity_languages', 'memberships'] as const) {
    out[table] = (await kysely.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
  }
  out.accounts = await kysely.selectFrom('accounts').select(['email', 'name', 'role']).orderBy('email').execute();
  return out;
}

describe('seeding', () => {
  it('is deterministic: the same run gives the same rows', async () => {
    const again = await createTestDatabase();
    try {
      await prepareTestDatabase(again.database, { demoData: true, now: TEST_NOW });
      expect(await dump(again.database.db)).toEqual(await dump(db));
    } finally {
      await again.drop();
    }
  });

  it('loads reference data only when demo data is off', async () => {
    const bare = await createTestDatabase();
    try {
      await prepareTestDatabase(bare.database, { demoData: false });
      const count = async (table: 'towns' | 'editions' | 'accounts' | 'activities') =>
        Number((await bare.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect([await count('editions'), await count('activities'), await count('accounts')]).toEqual([0, 0, 0]);
      expect(await count('towns')).toBeGreaterThan(290);
    } finally {
      await bare.drop();
    }
  });

  it('generates activities at scale into editions of 10 000', async () => {
    const scaled = await createTestDatabase();
    try {
      await prepareTestDatabase(scaled.database, { demoData: false });
      const progress: number[] = [];
      await seedScale(scaled.database.db, 12_000, (written) => progress.push(written));
      const perEdition = await scaled.database.db
        .selectFrom('activities as a')
        .innerJoin('editions as e', 'e.id', 'a.edition_id')
        .groupBy('e.slug')
        .select((eb) => ['e.slug', eb.fn.countAll<number>().as('n')])
        .orderBy('e.slug')
        .execute();
      expect(perEdition.map((r) => [r.slug, Number(r.n)])).toEqual([
        ['skaltest-2017', 2000],
        ['skaltest-2018', 10000],
      ]);
      expect(progress.at(-1)).toBe(12_000);
      // The planner knows the new size at once, not after autovacuum (PostgreSQL) or never (SQLite,
      // whose statistics lead with the row count).
      const known =
        scaled.database.dialect === 'postgres'
          ? sql<{ n: number }>`select reltuples as n from pg_class where oid = 'activities'::regclass`
          : sql<{ n: string }>`select stat as n from sqlite_stat1 where tbl = 'activities' limit 1`;
      expect(Number.parseInt(String((await known.execute(scaled.database.db)).rows[0]?.n), 10)).toBe(12_000);
    } finally {
      await scaled.drop();
    }
  }, 120_000);
});
