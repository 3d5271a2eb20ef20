import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { searchText } from '../../src/db/search.js';
import type { AccountTable, ActivityTable, Audience, Language, OrganizerTable, Topic, VenueTable } from '../../src/db/types.js';
import { hashPassword } from '../../src/domain/passwords.js';
import { slugify } from '../../src/domain/slug.js';
import { stockholmInstant } from '../../src/domain/time.js';
import { TEST_NOW, everythingChanged } from './app.js';

/**
 * Rows for tests: organizers, venues, activities and accounts, with a default for every column a
 * test does not name, so a test states only what it is about. They are written straight into the
 * tables, past the domain and so past its change log: each factory ends with everythingChanged,
 * so the response cache forgets what it kept, as after an operator's manual fix. A test that
 * changes rows by hand afterwards still calls everythingChanged itself.
 */

type Fields<Table> = Partial<Insertable<Table>>;

/** Names and slugs unique within a test file (one database per file). */
let serial = 0;
const at = TEST_NOW.toISOString();

async function townId(database: Database, slug: string): Promise<number> {
  return (await database.db.selectFrom('towns').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** An activity's town, as the app keeps it: its venue's, else the given one, else none (online). */
async function activityTown(database: Database, venueId: number | null | undefined, town: string | undefined): Promise<number | null> {
  if (venueId != null) return (await database.db.selectFrom('venues').select('town_id').where('id', '=', venueId).executeTakeFirstOrThrow()).town_id;
  return town === undefined ? null : townId(database, town);
}

/** An organizer of kind "other", not trusted, without contacts. */
export async function createOrganizer(database: Database, fields: Fields<OrganizerTable> = {}): Promise<Selectable<OrganizerTable>> {
  const name = fields.name ?? `Testarrangör ${++serial}`;
  const row = await database.db
    .insertInto('organizers')
    .values({ kind: 'other', created_at: at, updated_at: at, ...fields, name, slug: fields.slug ?? slugify(name) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await everythingChanged(database);
  return row;
}

/** A venue in Umeå (or the town named by slug), of a new organizer unless one is given, with no accessibility facts. */
export async function createVenue(database: Database, fields: Fields<VenueTable> & { town?: string } = {}): Promise<Selectable<VenueTable>> {
  const { town = 'umea', ...columns } = fields;
  const row = await database.db
    .insertInto('venues')
    .values({
      name: `Testplats ${++serial}`,
      street_address: 'Storgatan 1',
      created_at: at,
      updated_at: at,
      ...columns,
      organizer_id: columns.organizer_id ?? (await createOrganizer(database)).id,
      town_id: columns.town_id ?? (await townId(database, town)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await everythingChanged(database);
  return row;
}

export type ActivityFields = Omit<Fields<ActivityTable>, 'edition_id'> &
  ({ edition: string } | { edition_id: number }) & {
    /** The town of an activity on site without a venue: a slug, Umeå unless named. */
    town?: string;
    audiences?: Audience[];
    topics?: Topic[];
    languages?: Language[];
  };

/**
 * A published activity on site in Umeå (or in its venue's town), 10:00–12:00 Stockholm time on
 * the edition's first day, by a new organizer unless one is given, with its search text folded
 * as the app writes it.
 */
export async function createActivity(database: Database, fields: ActivityFields): Promise<Selectable<ActivityTable>> {
  const { town = 'umea', audiences = [], topics = [], languages = [], ...rest } = fields;
  const { edition: slug, edition_id: editionId, ...values } = rest as typeof rest & { edition?: string; edition_id?: number };
  const db = database.db;
  const edition = await db
    .selectFrom('editions')
    .select(['id', 'first_day'])
    .$call((query) => (slug === undefined ? query.where('id', '=', editionId!) : query.where('slug', '=', slug)))
    .executeTakeFirstOrThrow();
  const title = values.title ?? `Testaktivitet ${++serial}`;
  const format = values.format ?? 'on_site';
  const status = values.status ?? 'published';
  const startsAt = values.starts_at ?? stockholmInstant(edition.first_day, '10:00');
  const createdAt = values.created_at ?? at;
  const row = await db
    .insertInto('activities')
    .values({
      uid: randomUUID(),
      ends_at: new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString(),
      town_id: await activityTown(database, values.venue_id, format === 'on_site' || format === 'hybrid' ? town : undefined),
      published_at: status === 'published' || status === 'cancelled' ? createdAt : null,
      updated_at: createdAt,
      ...values,
      edition_id: edition.id,
      organizer_id: values.organizer_id ?? (await createOrganizer(database)).id,
      title,
      format,
      status,
      starts_at: startsAt,
      created_at: createdAt,
      search_text: searchText({ title, summary: values.summary, description: values.description }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const activity_id = row.id;
  if (audiences.length > 0) await db.insertInto('activity_audiences').values(audiences.map((audience) => ({ activity_id, audience }))).execute();
  if (topics.length > 0) await db.insertInto('activity_topics').values(topics.map((topic) => ({ activity_id, topic }))).execute();
  if (languages.length > 0) await db.insertInto('activity_languages').values(languages.map((language) => ({ activity_id, language }))).execute();
  await everythingChanged(database);
  return row;
}

/** An organizer account with a verified address, member of the given organizers; it logs in with `password`. */
export async function createAccount(
  database: Database,
  fields: Fields<AccountTable> & { password?: string; organizers?: number[] } = {},
): Promise<Selectable<AccountTable> & { password: string }> {
  const { password = 'test-lösenord', organizers = [], ...columns } = fields;
  const n = ++serial;
  const row = await database.db
    .insertInto('accounts')
    .values({ email: `konto-${n}@example.se`, name: `Testkonto ${n}`, email_verified_at: at, created_at: at, updated_at: at, ...columns, password_hash: await hashPassword(password) })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (organizers.length > 0) {
    await database.db
      .insertInto('memberships')
      .values(organizers.map((organizer_id) => ({ account_id: row.id, organizer_id, created_at: at })))
      .execute();
  }
  await everythingChanged(database);
  return { ...row, password };
}
