import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { dialectOf } from '../../src/db/dialect.js';
import { MigrationError, migrateDown, migrateToLatest } from '../../src/db/migrator.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, despiteDroppedSchemas, type TestDatabase } from '../helpers/database.js';

let t: TestDatabase;
let database: Database;
beforeEach(async () => {
  t = await createTestDatabase();
  database = t.database;
});
afterEach(() => t.drop());

async function tables(db: Kysely<any>): Promise<string[]> {
  const rows =
    dialectOf(db) === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !name.startsWith('kysely_')).sort();
}

const now = '2026-01-01T00:00:00.000Z';
const migrateUp = (db: Kysely<any>) => despiteDroppedSchemas(() => migrateToLatest(db));

describe('migrations', () => {
  it('go up, all the way down, and up again', async () => {
    await migrateUp(database.db);
    expect(await tables(database.db)).toEqual(
      expect.arrayContaining(['activities', 'activity_audiences', 'activity_languages', 'activity_topics', 'accounts', 'audit_log', 'counties', 'editions', 'memberships', 'municipalities', 'organizers', 'sessions', 'towns', 'venues']),
    );
    for (let i = 0; i < Object.keys(migrations).length; i++) await despiteDroppedSchemas(() => migrateDown(database.db));
    expect(await tables(database.db)).toEqual([]);
    await migrateUp(database.db);
    expect(await tables(database.db)).toContain('activities');
  });

  it('leave the database as it was when one fails', async () => {
    const failing = {
      ...migrations,
      '99999999_9999_broken': {
        async up(db: Kysely<any>) {
          await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
          await sql`this is not sql`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(database.db, failing)).rejects.toThrow(MigrationError);
    expect(await tables(database.db)).toEqual([]);

    await migrateUp(database.db);
    const before = await tables(database.db);
    await expect(migrateToLatest(database.db, failing)).rejects.toThrow(/99999999_9999_broken/);
    expect(await tables(database.db)).toEqual(before);
  });
});

describe('integrity in the database', () => {
  beforeEach(async () => {
    await migrateUp(database.db);
    const db = database.db;
    await db.insertInto('counties').values({ code: '24', name: 'Västerbottens län', slug: 'vasterbottens-lan' }).execute();
    await db.insertInto('municipalities').values({ code: '2480', name: 'Umeå', slug: 'umea', county_code: '24' }).execute();
    await db.insertInto('editions').values({
      slug: '2019', year: 2019, name: 'Digital@Idag 2019', first_day: '2019-10-02', last_day: '2019-10-02',
      registration_opens_at: '2019-05-01T00:00:00.000Z', registration_closes_at: '2019-09-25T00:00:00.000Z',
      status: 'published', created_at: now, updated_at: now,
    }).execute();
    await db.insertInto('organizers').values({ name: 'Umeå stadsbibliotek', slug: 'umea-stadsbibliotek', kind: 'library', trusted: 0, created_at: now, updated_at: now }).execute();
  });

  const activity = (overrides: Record<string, unknown> = {}) => ({
    uid: `uid-${Math.random()}`, edition_id: 1, organizer_id: 1, title: 'Digital drop-in',
    starts_at: '2019-10-02T08:00:00.000Z', ends_at: '2019-10-02T10:00:00.000Z', format: 'on_site' as const,
    status: 'published' as const, created_at: now, updated_at: now, ...overrides,
  });

  it('accepts a valid activity', async () => {
    await database.db.insertInto('activities').values(activity()).execute();
  });

  it.each([
    ['an end before the start', { ends_at: '2019-10-02T07:00:00.000Z' }],
    ['an end equal to the start', { ends_at: '2019-10-02T08:00:00.000Z' }],
    ['an unknown status', { status: 'deleted' }],
    ['an unknown format', { format: 'telepathy' }],
    ['an unknown organizer', { organizer_id: 999 }],
    ['an empty title', { title: '' }],
    ['a capacity of zero', { capacity: 0 }],
  ])('rejects %s', async (_, overrides) => {
    await expect(database.db.insertInto('activities').values(activity(overrides) as any).execute()).rejects.toThrow();
    expect(await database.db.selectFrom('activities').select('id').execute()).toEqual([]);
  });

  it('keeps slugs and calendar UIDs unique and audiences inside the enumeration', async () => {
    const db = database.db;
    await expect(
      db.insertInto('organizers').values({ name: 'Kopia', slug: 'umea-stadsbibliotek', kind: 'library', trusted: 0, created_at: now, updated_at: now }).execute(),
    ).rejects.toThrow();
    await db.insertInto('activities').values(activity({ uid: 'same' })).execute();
    await expect(db.insertInto('activities').values(activity({ uid: 'same' })).execute()).rejects.toThrow();
    await expect(db.insertInto('activity_audiences').values({ activity_id: 1, audience: 'martians' as any }).execute()).rejects.toThrow();
    await expect(db.insertInto('organizers').values({ name: 'X', slug: 'x', kind: 'church' as any, trusted: 0, created_at: now, updated_at: now }).execute()).rejects.toThrow();
  });
});
