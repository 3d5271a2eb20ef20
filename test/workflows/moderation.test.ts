import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Edition } from '../../src/db/types.js';
import { EMPTY_FORM, EMPTY_VENUE_FORM } from '../../src/domain/activity-rules.js';
import { cancelActivity, flagDuplicates, saveActivity } from '../../src/domain/activities.js';
import { approveActivities, rejectActivity } from '../../src/domain/moderation.js';
import type { Actor } from '../../src/domain/permissions.js';
import { listOutbox } from '../../src/repositories/outbox.js';
import { createTestDatabase, prepareTestDatabase } from '../helpers/database.js';
import { TEST_NOW } from '../helpers/app.js';
import { toRecord } from '../../src/db/records.js';

let database: Database;
let drop: () => Promise<void>;
let edition: Edition;
let organizer: Actor;
let coordinator: Actor;
let organizerId: number;
let townId: number;

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
  const db = database.db;
  edition = toRecord(await db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow());
  const abf = await db
    .selectFrom('accounts as a')
    .innerJoin('memberships as m', 'm.account_id', 'a.id')
    .where('a.email', '=', 'abf@example.se')
    .select(['a.id', 'm.organizer_id'])
    .executeTakeFirstOrThrow();
  organizerId = abf.organizer_id;
  organizer = { accountId: abf.id, role: 'organizer', organizerIds: [organizerId] };
  const sara = await db.selectFrom('accounts').select('id').where('email', '=', 'samordnare@example.se').executeTakeFirstOrThrow();
  coordinator = { accountId: sara.id, role: 'coordinator', organizerIds: [] };
  townId = (await db.selectFrom('towns').select('id').where('slug', '=', 'umea').executeTakeFirstOrThrow()).id;
});
afterAll(() => drop());

const form = {
  ...EMPTY_FORM,
  title: '<b>Träffa</b> BankID',
  summary: 'Hjälp med BankID.',
  day: '2027-10-07',
  startTime: '10:00',
  endTime: '11:30',
  venueId: 'new',
  audiences: ['elderly'],
  topics: ['e_id'],
};
const venueForm = () => ({ ...EMPTY_VENUE_FORM, venueName: 'Folkets hus', venueStreetAddress: 'Storgatan 1', venuePostalCode: '90326', venueTownId: String(townId) });

describe('the activity workflow in the database', () => {
  it('creates a venue in place, submits, approves, cancels; revision and audit log follow', async () => {
    const db = database.db;
    const created = await saveActivity(db, { actor: organizer, edition, organizerId, form, venueForm: venueForm(), intent: 'submit', submissionKey: 'k1', now: TEST_NOW });
    expect(created.errors).toBeUndefined();
    const activity = created.activity!;
    expect(activity).toMatchObject({ status: 'submitted', title: '<b>Träffa</b> BankID', townId: townId, revision: 0 });

    const again = await saveActivity(db, { actor: organizer, edition, organizerId, form, venueForm: venueForm(), intent: 'submit', submissionKey: 'k1', now: TEST_NOW });
    expect(again.activity!.id).toBe(activity.id);
    const venues = await db.selectFrom('venues').select('id').where('organizer_id', '=', organizerId).where('name', '=', 'Folkets hus').execute();
    expect(venues).toHaveLength(1);

    await expect(approveActivities(db, organizer, [activity.id], { baseUrl: 'http://x', now: TEST_NOW })).rejects.toMatchObject({ statusCode: 403 });
    const [approved] = await approveActivities(db, coordinator, [activity.id], { baseUrl: 'http://x', now: TEST_NOW });
    expect(approved).toMatchObject({ status: 'published', revision: 0 });
    expect((await listOutbox(db, { recipient: 'abf@example.se', limit: 1 }))[0]?.subject).toContain('<b>Träffa</b> BankID');

    const moved = await saveActivity(db, {
      actor: organizer,
      edition,
      organizerId,
      activityId: activity.id,
      form: { ...form, venueId: String(activity.venueId), startTime: '13:00', endTime: '14:00' },
      venueForm: EMPTY_VENUE_FORM,
      intent: 'draft',
      now: TEST_NOW,
    });
    expect(moved.activity).toMatchObject({ status: 'published', revision: 1 });

    const cancelled = await cancelActivity(db, organizer, activity.id, 'Sjuk föreläsare', TEST_NOW);
    expect(cancelled).toMatchObject({ status: 'cancelled', revision: 2, statusReason: 'Sjuk föreläsare' });

    const log = await db.selectFrom('audit_log').select(['action', 'changes']).where('entity_type', '=', 'activity').where('entity_id', '=', activity.id).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['create', 'approve', 'update', 'cancel']);
    expect(Object.keys(JSON.parse(log[2]!.changes))).toEqual(['starts_at', 'ends_at']);
    expect(JSON.parse(log[3]!.changes).status).toEqual(['published', 'cancelled']);
  });

  it('rejects with a reason and mails it; a draft cannot be approved', async () => {
    const db = database.db;
    // A venue of another name: the test above counts its own.
    const venue = { ...venueForm(), venueName: 'Medborgarhuset' };
    const { activity } = await saveActivity(db, { actor: organizer, edition, organizerId, form: { ...form, title: 'Annan titel helt' }, venueForm: venue, intent: 'submit', now: TEST_NOW });
    const rejected = await rejectActivity(db, coordinator, activity!.id, { preset: 'other', text: 'Saknar detaljer' }, { baseUrl: 'http://x', now: TEST_NOW });
    expect(rejected.status).toBe('rejected');
    expect((await listOutbox(db, { recipient: 'abf@example.se', limit: 1 }))[0]?.body).toContain('Saknar detaljer');
    await expect(approveActivities(db, coordinator, [activity!.id], { baseUrl: 'http://x', now: TEST_NOW })).rejects.toMatchObject({ statusCode: 409 });
  });

  it('flags the two registrations of the same pensioners meeting in the demo queue', async () => {
    const db = database.db;
    const queue = await db.selectFrom('activities').select(['id', 'organizer_id', 'town_id', 'starts_at', 'title', 'edition_id']).where('status', '=', 'submitted').execute();
    const flags = await flagDuplicates(
      db,
      queue.map((a) => ({ id: a.id, organizerId: a.organizer_id, townId: a.town_id, startsAt: a.starts_at, title: a.title, editionId: a.edition_id })),
    );
    expect(flags.size).toBeGreaterThanOrEqual(2);
  });
});
