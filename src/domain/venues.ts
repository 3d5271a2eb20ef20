import type { Kysely, Transaction } from 'kysely';
import { recordColumns } from '../db/records.js';
import type { DB, Venue } from '../db/types.js';
import { activitiesAtVenue, followVenueChange } from '../repositories/activity-writes.js';
import { insertAuditEntry } from '../repositories/audit-log.js';
import { findOrganizerById } from '../repositories/organizers.js';
import { townExists } from '../repositories/places.js';
import { type VenueInput, deleteVenue as deleteVenueRow, findVenueById, insertVenue, updateVenue, venueColumns, venueRow } from '../repositories/venues.js';
import { type FieldErrors, LIMITS, type VenueForm, changedFields, cleanText, validateVenue } from './activity-rules.js';
import { AppError, ForbiddenError, NotFoundError } from './errors.js';
import { type Approved, approvedNow, noteChangeSinceApproval } from './approval-changes.js';
import { type Actor, isCoordinator, mayActFor } from './permissions.js';
import { transact } from './transaction.js';

/**
 * An organization's venues: created together with an activity, changed and deleted on their own.
 * A venue is shared by its activities, so a new address reaches every one of them (and the
 * calendars that show them), and a venue that any activity names is never deleted: the programme,
 * the feeds and the history would lose the place.
 */

/** The activity form's venue fields and the accessibility notes, which only this page edits. */
export interface VenueEditForm extends VenueForm {
  venueAccessibilityNotes: string;
}

export function venueEditForm(venue: Venue): VenueEditForm {
  return {
    venueName: venue.name,
    venueStreetAddress: venue.streetAddress,
    venuePostalCode: venue.postalCode ?? '',
    venueTownId: String(venue.townId),
    venueStepFree: venue.stepFree === 1,
    venueHearingLoop: venue.hearingLoop === 1,
    venueAccessibleToilet: venue.accessibleToilet === 1,
    venueAccessibleParking: venue.accessibleParking === 1,
    venueAccessibilityNotes: venue.accessibilityNotes ?? '',
  };
}

/** The venue, if the actor may see and change it; 404 when it does not exist, 403 when it is another organization's. */
export async function venueForActor(db: Kysely<DB>, actor: Actor, id: number): Promise<Venue> {
  const venue = await findVenueById(db, id);
  if (!venue) throw new NotFoundError(`There is no venue ${id}.`);
  if (!mayActFor(actor, venue.organizerId)) throw new ForbiddenError('You may not change this venue.');
  return venue;
}

/** A venue entered together with an activity (the form's "new venue", or a bulk import's), audited. */
export async function createVenue(trx: Transaction<DB>, organizerId: number, venue: VenueInput, accountId: number | null, at: string): Promise<Venue> {
  const created = await insertVenue(trx, organizerId, venue, at);
  await insertAuditEntry(trx, { entityType: 'venue', entityId: created.id, accountId, action: 'create', changes: venue, now: at });
  return created;
}

/** Columns that say where the venue is; stored coordinates stop describing it when one of them changes. */
const ADDRESS_COLUMNS = ['street_address', 'postal_code', 'town_id'] as const;
/** Columns calendars show as the activity's place (LOCATION): a change raises the activities' revision. */
const PLACE_COLUMNS = ['name', ...ADDRESS_COLUMNS] as const;

export type VenueSaveResult = { venue: Venue; errors?: undefined } | { venue?: undefined; errors: FieldErrors };

/**
 * Checks and saves a changed venue, audited; the public activities held there take the change time.
 * When the place changes, every activity held there takes the venue's town and is audited too, and
 * the public ones raise their calendar revision.
 */
export async function saveVenue(db: Kysely<DB>, actor: Actor, id: number, form: VenueEditForm, now: Date): Promise<VenueSaveResult> {
  const existing = await venueForActor(db, actor, id);
  const townId = /^[1-9][0-9]{0,9}$/.test(form.venueTownId) ? Number(form.venueTownId) : undefined;
  const known = townId !== undefined && (await townExists(db, townId));
  const { venue, errors } = validateVenue(form, (town) => known && town === townId);
  const notes = cleanText(form.venueAccessibilityNotes);
  if (notes.length > LIMITS.notes) errors.venueAccessibilityNotes = 'notes_long';
  if (!venue || Object.keys(errors).length > 0) return { errors };

  const columns = venueColumns({ ...venue, accessibilityNotes: notes === '' ? null : notes });
  // Compared column by column, the names the audit log keeps.
  const diff = changedFields(recordColumns(existing, Object.keys(columns)), columns);
  if (Object.keys(diff).length === 0) return { venue: existing };
  const at = now.toISOString();
  const moved = ADDRESS_COLUMNS.some((column) => column in diff);
  const organizer = await findOrganizerById(db, existing.organizerId);
  // A new place for published activities of an organization that is not trusted: the coordinators see it, as they would in the form.
  const watched = PLACE_COLUMNS.some((column) => column in diff) && organizer?.trusted !== 1 && !isCoordinator(actor);
  const saved = await transact(db, async (trx, changes) => {
    await changes.venue(id);
    const approved = new Map<number, Approved>();
    // Past activities follow the venue too, but a new address for a day that is over needs nobody's look.
    if (watched) for (const a of await activitiesAtVenue(trx, id)) if (a.status === 'published' && a.endsAt > at) approved.set(a.id, await approvedNow(trx, a.id));
    // Coordinates of the old address would put the new one on the map in the wrong place; without them maps use the town's.
    const row = (await updateVenue(trx, id, { ...columns, ...(moved ? { lat: null, lon: null } : {}), updated_at: at }))!;
    await insertAuditEntry(trx, { entityType: 'venue', entityId: id, accountId: actor.accountId, action: 'update', changes: diff, now: at });
    const placeChanges = Object.fromEntries(
      PLACE_COLUMNS.filter((column) => column in diff).map((column) => [column === 'town_id' ? column : `venue_${column}`, diff[column]!]),
    );
    const newPlace = Object.keys(placeChanges).length > 0;
    if (newPlace) {
      for (const activity of await activitiesAtVenue(trx, id)) {
        await insertAuditEntry(trx, { entityType: 'activity', entityId: activity.id, accountId: actor.accountId, action: 'venue_update', changes: placeChanges, now: at });
      }
    }
    // Accessibility facts too: the API shows them, so its Last-Modified has to move.
    await followVenueChange(trx, id, { townId: row.townId, newPlace }, at);
    for (const [activityId, before] of approved) await noteChangeSinceApproval(trx, activityId, before, actor.accountId, at);
    return row;
  });
  return { venue: saved };
}

/** A venue that activities still name: 409, nothing deleted. */
export class VenueInUseError extends AppError {
  constructor(readonly activityIds: number[]) {
    super(409, `The venue is used by ${activityIds.length} activities and cannot be deleted.`);
  }
}

/** Deletes a venue no activity names, audited; otherwise VenueInUseError. */
export async function deleteVenue(db: Kysely<DB>, actor: Actor, id: number, now: Date): Promise<Venue> {
  const venue = await venueForActor(db, actor, id);
  const inUse = async () => {
    const activities = await activitiesAtVenue(db, id);
    if (activities.length > 0) throw new VenueInUseError(activities.map((a) => a.id));
  };
  await inUse();
  try {
    // A venue no activity names shows nowhere.
    await transact(db, async (trx) => {
      await deleteVenueRow(trx, id);
      const { id: _id, created_at: _created, updated_at: _updated, ...content } = venueRow(venue);
      await insertAuditEntry(trx, {
        entityType: 'venue',
        entityId: id,
        accountId: actor.accountId,
        action: 'delete',
        changes: changedFields(content, Object.fromEntries(Object.keys(content).map((key) => [key, null]))),
        now: now.toISOString(),
      });
    });
  } catch (error) {
    // An activity saved with this venue between the check and the delete: the foreign key refused, nothing was deleted.
    await inUse();
    throw error;
  }
  return venue;
}
