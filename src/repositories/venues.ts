import type { Selectable } from 'kysely';
import type { Venue, VenueTable, VenueUpdate } from '../db/types.js';
import type { Executor } from '../db/executor.js';
import { toMaybeRecord, toRecord, toRow } from '../db/records.js';

export interface VenueInput {
  name: string;
  streetAddress: string;
  postalCode: string | null;
  townId: number;
  stepFree: boolean;
  hearingLoop: boolean;
  accessibleToilet: boolean;
  accessibleParking: boolean;
  accessibilityNotes: string | null;
}

/** A venue's own columns as stored: what creating writes and what a change compares. */
export function venueColumns(venue: VenueInput) {
  return {
    name: venue.name,
    street_address: venue.streetAddress,
    postal_code: venue.postalCode,
    town_id: venue.townId,
    step_free: venue.stepFree ? 1 : 0,
    hearing_loop: venue.hearingLoop ? 1 : 0,
    accessible_toilet: venue.accessibleToilet ? 1 : 0,
    accessible_parking: venue.accessibleParking ? 1 : 0,
    accessibility_notes: venue.accessibilityNotes,
  };
}

export async function insertVenue(db: Executor, organizerId: number, venue: VenueInput, now: string): Promise<Venue> {
  const row = await db
    .insertInto('venues')
    .values({ organizer_id: organizerId, ...venueColumns(venue), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** A venue record as the row it was read from: all its columns, as the audit log names them. */
export function venueRow(venue: Venue): Selectable<VenueTable> {
  return toRow<Selectable<VenueTable>>(venue);
}

export async function findVenueById(db: Executor, id: number): Promise<Venue | undefined> {
  return toMaybeRecord(await db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function updateVenue(db: Executor, id: number, changes: VenueUpdate): Promise<Venue | undefined> {
  return toMaybeRecord(await db.updateTable('venues').set(changes).where('id', '=', id).returningAll().executeTakeFirst());
}

export async function deleteVenue(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('venues').where('id', '=', id).execute();
}

/** An organizer's venues with their town and how many activities (of any edition or status) use each, by name. */
export function venuesWithUse(db: Executor, organizerId: number) {
  return db
    .selectFrom('venues as v')
    .innerJoin('towns as t', 't.id', 'v.town_id')
    .leftJoin('activities as a', 'a.venue_id', 'v.id')
    .where('v.organizer_id', '=', organizerId)
    .groupBy(['v.id', 'v.name', 'v.street_address', 'v.postal_code', 't.name'])
    .select((eb) => ['v.id', 'v.name', 'v.street_address as streetAddress', 'v.postal_code as postalCode', 't.name as townName', eb.fn.count<number>('a.id').as('activities')])
    .orderBy('v.name')
    .orderBy('v.id')
    .execute();
}

/** An organizer's venues with their town, by name. */
export function venuesOfOrganizer(db: Executor, organizerId: number) {
  return db
    .selectFrom('venues as v')
    .innerJoin('towns as t', 't.id', 'v.town_id')
    .where('v.organizer_id', '=', organizerId)
    .select(['v.id', 'v.name', 'v.street_address as streetAddress', 'v.postal_code as postalCode', 'v.town_id as townId', 't.name as townName'])
    .orderBy('v.name')
    .execute();
}

/** Deletes a venue no activity names; leaves it otherwise. */
export async function deleteUnusedVenue(db: Executor, id: number): Promise<void> {
  await db
    .deleteFrom('venues')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('activities').select('id').where('venue_id', '=', id))))
    .execute();
}

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
