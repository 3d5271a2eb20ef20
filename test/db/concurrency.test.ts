import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { formFromActivity } from '../../src/domain/activity-rules.js';
import { saveActivity } from '../../src/domain/activities.js';
import type { Actor } from '../../src/domain/permissions.js';
import { transact } from '../../src/domain/transaction.js';
import { saveVenue, venueEditForm } from '../../src/domain/venues.js';
import { activityChildren } from '../../src/repositories/activity-writes.js';
import { TEST_NOW, testConfig } from '../helpers/app.js';
import { type SharedDatabase, createSharedDatabase, postgresUrl, prepareTestDatabase } from '../helpers/database.js';
import { toRecord } from '../../src/db/records.js';

/**
 * The day's conditions: several instances on one database, writing at once. Each instance is a
 * handle of its own (its own pool on PostgreSQL, its own connections to the file on SQLite).
 */

const run = promisify(execFile);
let shared: SharedDatabase;
let first: Database;
let second: Database;
let coordinator: Actor;

beforeAll(async () => {
  shared = await createSharedDatabase();
  first = shared.open();
  second = shared.open();
  // Two instances start at once on the empty database.
  const prepared = await Promise.all([prepareTestDatabase(first, { demoData: true, now: TEST_NOW }), prepareTestDatabase(second, { demoData: true, now: TEST_NOW })]);
  expect(prepared.map((p) => p.demoLoaded).sort()).toEqual([false, true]);
  const account = await first.db.selectFrom('accounts').select('id').where('email', '=', 'samordnare@example.se').executeTakeFirstOrThrow();
  coordinator = { accountId: account.id, role: 'coordinator', organizerIds: [] };
}, 120_000);

afterAll(async () => {
  await first.close();
  await second.close();
  await shared.drop();
});

/** A published 2019 activity held at a venue, other than those given. */
async function publishedAtVenue(db: Database, not: number[] = []) {
  return db.db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('e.slug', '=', '2019')
    .where('a.status', '=', 'published')
    .where('a.venue_id', 'is not', null)
    .where('a.id', 'not in', [0, ...not])
    .selectAll('a')
    .orderBy('a.id')
    .executeTakeFirstOrThrow();
}

async function edit(db: Database, activityId: number, change: { title?: string; capacity?: string }) {
  const activity = toRecord(await db.db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirstOrThrow());
  const edition = toRecord(await db.db.selectFrom('editions').selectAll().where('id', '=', activity.editionId).executeTakeFirstOrThrow());
  const form = { ...formFromActivity(activity, await activityChildren(db.db, activityId)), ...change };
  const venueForm = { venueName: '', venueStreetAddress: '', venuePostalCode: '', venueTownId: '', venueStepFree: false, venueHearingLoop: false, venueAccessibleToilet: false, venueAccessibleParking: false };
  const result = await saveActivity(db.db, { actor: coordinator, edition, organizerId: activity.organizerId, activityId, form, venueForm, intent: 'draft', now: TEST_NOW });
  expect(result.errors).toBeUndefined();
}

describe('several instances on one database', () => {
  it('both came up on the empty database, and it holds the reference and demo data once', async () => {
    const counties = await second.db.selectFrom('counties').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const editions = await second.db.selectFrom('editions').select('slug').orderBy('slug').execute();
    expect(Number(counties.n)).toBe(21);
    expect(editions.map((e) => e.slug)).toEqual(['2019', '2020', '2027']);
  });

  it('saves a venue and the activities held there at the same time, from two instances, without an error or a lost save', async () => {
    const activity = await publishedAtVenue(first);
    const venue = toRecord(await first.db.selectFrom('venues').selectAll().where('id', '=', activity.venue_id!).executeTakeFirstOrThrow());
    // Other tests edit this activity too: only the entries written here are counted.
    const lastEntry = (await first.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    const rounds = 15;
    const outcomes = await Promise.allSettled([
      (async () => {
        for (let i = 1; i <= rounds; i++) {
          const saved = await saveVenue(first.db, coordinator, venue.id, { ...venueEditForm(venue), venueName: `${venue.name} ${i}`, venueAccessibilityNotes: `Runda ${i}` }, TEST_NOW);
          expect(saved.errors).toBeUndefined();
        }
      })(),
      (async () => {
        for (let i = 1; i <= rounds; i++) await edit(second, activity.id, { capacity: String(100 + i) });
      })(),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const after = await first.db.selectFrom('activities').select(['capacity']).where('id', '=', activity.id).executeTakeFirstOrThrow();
    const venueAfter = await first.db.selectFrom('venues').select(['name', 'accessibility_notes']).where('id', '=', venue.id).executeTakeFirstOrThrow();
    expect(after.capacity).toBe(100 + rounds);
    expect(venueAfter).toEqual({ name: `${venue.name} ${rounds}`, accessibility_notes: `Runda ${rounds}` });
    const audited = await first.db
      .selectFrom('audit_log')
      .select(['entity_type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('id', '>', lastEntry)
      .where((eb) => eb.or([eb.and([eb('entity_type', '=', 'venue'), eb('entity_id', '=', venue.id)]), eb.and([eb('entity_type', '=', 'activity'), eb('entity_id', '=', activity.id), eb('action', '=', 'update')])]))
      .groupBy('entity_type')
      .orderBy('entity_type')
      .execute();
    expect(audited.map((a) => [a.entity_type, Number(a.n)])).toEqual([
      ['activity', rounds],
      ['venue', rounds],
    ]);
  });

  it.runIf(postgresUrl)('runs a transaction again that PostgreSQL aborted as a deadlock, and both go through', async () => {
    const a = await publishedAtVenue(first);
    const b = await publishedAtVenue(first, [a.id]);
    let locked = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    const attempts = [0, 0];
    /** Locks one row, waits (the first time) until the other transaction holds the other row, then takes it: a deadlock. */
    const crosswise = (db: Database, index: number, mine: number, theirs: number) =>
      transact(db.db, async (trx) => {
        attempts[index]!++;
        await trx.updateTable('activities').set({ capacity: 1 + index }).where('id', '=', mine).execute();
        if (attempts[index] === 1 && ++locked === 2) bothLocked();
        if (attempts[index] === 1) await barrier;
        await trx.updateTable('activities').set({ capacity: 1 + index }).where('id', '=', theirs).execute();
      });
    await Promise.all([crosswise(first, 0, a.id, b.id), crosswise(second, 1, b.id, a.id)]);
    expect(attempts[0]! + attempts[1]!).toBe(3);
  });

  it('shows a write made through one instance on the other within a second', async () => {
    const appA = await buildApp({ config: testConfig, database: first, logger: false, clock: () => TEST_NOW });
    const appB = await buildApp({ config: testConfig, database: second, logger: false, clock: () => TEST_NOW });
    try {
      const activity = await publishedAtVenue(first);
      const title = async (app: FastifyInstance) => (await app.inject(`/api/v1/activities/${activity.id}`)).json().title as string;
      const before = await title(appB);
      expect(await title(appB)).toBe(before);
      await edit(first, activity.id, { title: 'Nytt namn från instans A' });
      // The instance that wrote shows it at once; the other once it has read the change log again.
      expect(await title(appA)).toBe('Nytt namn från instans A');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await title(appB)).toBe('Nytt namn från instans A');
    } finally {
      await appA.close();
      await appB.close();
    }
  });
});

describe('what a write forgets', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig, database: first, logger: false, clock: () => TEST_NOW });
  });
  afterAll(() => app.close());

  const titles = async (url: string) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  /** A change only the database knows of: no change is logged, so only an answer made again shows it. */
  const quietly = (id: number, title: string) => first.db.updateTable('activities').set({ title }).where('id', '=', id).execute();
  const published = (edition: string, town?: string) =>
    first.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('towns as t', 't.id', 'a.town_id')
      .where('e.slug', '=', edition)
      .where('a.status', '=', 'published')
      .$if(town !== undefined, (q) => q.where('t.slug', '=', town!))
      .select(['a.id', 't.slug as town'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow();

  it('leaves the kept answers of another edition alone', async () => {
    const old = await published('2019');
    const other = await published('2020');
    const list2019 = '/api/v1/activities?edition=2019&limit=200';
    const list2020 = '/api/v1/activities?edition=2020&limit=200';
    await titles(list2019);
    await titles(list2020);
    await quietly(old.id, 'Tyst ändring 2019');
    await edit(first, other.id, { title: 'Ändrad 2020' });
    expect(await titles(list2020)).toContain('Ändrad 2020');
    // Kept: the 2020 change did not touch it, so the quiet 2019 change does not show yet.
    expect(await titles(list2019)).not.toContain('Tyst ändring 2019');
    await edit(first, old.id, { capacity: '12' });
    expect(await titles(list2019)).toContain('Tyst ändring 2019');
  });

  it("leaves another town's page alone: a save in Umeå does not throw away Kiruna's", async () => {
    const umea = await published('2019', 'umea');
    const elsewhere = await first.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('towns as t', 't.id', 'a.town_id')
      .where('e.slug', '=', '2019')
      .where('a.status', '=', 'published')
      .where('t.slug', '<>', 'umea')
      .select(['a.id', 't.slug as town'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow();
    const umeaPage = '/orter/umea?edition=2019';
    const otherPage = `/orter/${elsewhere.town}?edition=2019`;
    await titles(umeaPage);
    await titles(otherPage);
    await quietly(elsewhere.id, 'Tyst ändring på annan ort');
    await edit(first, umea.id, { title: 'Ändrad i Umeå' });
    expect(await titles(umeaPage)).toContain('Ändrad i Umeå');
    expect(await titles(otherPage)).not.toContain('Tyst ändring på annan ort');
  });
});

describe('the import command beside a running instance', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'temadag-concurrent-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports 1 500 rows while the instance saves a form every 20 ms: both finish, nothing is refused', async () => {
    const header = 'referens;titel;sammanfattning;beskrivning;datum;start;slut;format;plats;gatuadress;ort;länk;målgrupper;ämnen';
    const rows = Array.from(
      { length: 1500 },
      (_, i) => `bulk-${i};Drop-in ${i};Vi hjälper dig med e-tjänster.;Ta med mobilen.;2027-10-07;13:00;15:00;På plats;ABF-huset;Storgatan 3;Umeå;;Alla;E-tjänster`,
    );
    const file = join(dir, 'bulk.csv');
    writeFileSync(file, `\uFEFF${[header, ...rows].join('\r\n')}\r\n`);
    const activity = await publishedAtVenue(second);
    let importing = true;
    const importer = run('npm', ['run', '-s', 'import', '--', file, '--organizer', 'abf', '--edition', '2027'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, DATABASE_URL: shared.url, LOG_LEVEL: 'silent' },
    }).finally(() => (importing = false));
    let saves = 0;
    const saving = (async () => {
      while (importing) {
        await edit(second, activity.id, { capacity: String(saves + 1) });
        saves++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const [imported] = await Promise.all([importer, saving]);
    expect(imported.stdout).toContain('Läggs till: 1500, Ändras: 0, Oförändrad: 0, Fel: 0');
    expect(saves).toBeGreaterThan(0);
    const saved = await second.db.selectFrom('activities').select('capacity').where('id', '=', activity.id).executeTakeFirstOrThrow();
    expect(saved.capacity).toBe(saves);
  }, 180_000);
});
