import type { Kysely } from 'kysely';
import type { Activity, DB, Edition, Organizer, Venue } from '../db/types.js';
import { findAccountByEmail, organizersOfAccount } from '../repositories/accounts.js';
import { findActivityDetails } from '../repositories/activities.js';
import { findEditionById } from '../repositories/editions.js';
import { findOrganizerById, listOrganizers } from '../repositories/organizers.js';
import { townsForPicking } from '../repositories/places.js';
import { venuesOfOrganizer, venuesWithUse } from '../repositories/venues.js';
import { activitiesAtVenue, activitiesOfOrganizers, activityChildren, copiesInEdition, editionsOfOrganizers } from '../repositories/activity-writes.js';
import { type ActivityForm, EMPTY_VENUE_FORM, type FieldErrors, type VenueForm, formFromActivity, newActivityForm } from './activity-rules.js';
import { currentPublicEdition } from './catalog.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { publicEditions } from './kept-reads.js';
import { saveActivity } from './activities.js';
import { type Actor, activityForActor, isCoordinator, mayActFor } from './permissions.js';
import { VENUE_FACTS, type VenueFact } from './vocabulary.js';

/**
 * What the organizer's pages under /konto read: one function per page or form, with the
 * permission checks (who may act for which organizer) and the choices (which edition, which
 * organizer) made here rather than in the routes.
 */

const ID = /^[1-9][0-9]{0,9}$/;
/** How the overview orders its groups of activities. */
const STATUS_ORDER = ['draft', 'submitted', 'rejected', 'published', 'cancelled'];

/** The edition a list shows: the one its query names by slug, or else the first (the newest). */
export function chosenEdition<E extends { slug: string }>(editions: E[], wanted: unknown, what = 'activities of yours'): E | undefined {
  if (wanted === undefined || wanted === '') return editions[0];
  const edition = editions.find((e) => e.slug === wanted);
  if (!edition) throw new NotFoundError(`No ${what} in an edition "${String(wanted)}".`);
  return edition;
}

/** The edition open for registration (or the one given by id). */
export async function editionToWork(db: Kysely<DB>, now: Date, editionId?: number): Promise<Edition> {
  const edition = editionId === undefined ? await currentPublicEdition(db, now) : await findEditionById(db, editionId);
  if (!edition) throw new NotFoundError('There is no edition open for registration.');
  return edition;
}

/** The edition open for registration, if there is one. */
export function currentEdition(db: Kysely<DB>, now: Date): Promise<Edition | undefined> {
  return currentPublicEdition(db, now);
}

/** The public editions, newest first. */
export async function publicEditionList(db: Kysely<DB>): Promise<Edition[]> {
  return [...(await publicEditions(db))].reverse();
}

/**
 * The organizer a new activity is for: the one asked for (an id as typed), or the account's only
 * one. undefined when there is a choice to make; null when the account may not act for it.
 */
export async function organizerFor(db: Kysely<DB>, actor: Actor, raw: string): Promise<Organizer | null | undefined> {
  const id = ID.test(raw) ? Number(raw) : actor.organizerIds.length === 1 ? actor.organizerIds[0] : undefined;
  if (id === undefined) return undefined;
  if (!mayActFor(actor, id)) return null;
  return (await findOrganizerById(db, id)) ?? null;
}

/** An organizer by id, if there is one. */
export function findOrganizer(db: Kysely<DB>, id: number): Promise<Organizer | undefined> {
  return findOrganizerById(db, id);
}

/** The organizers an account picks among: every one for a coordinator, else its own. */
export async function organizerChoices(db: Kysely<DB>, actor: Actor): Promise<{ id: number; name: string }[]> {
  return isCoordinator(actor) ? listOrganizers(db) : organizersOfAccount(db, actor.accountId);
}

/** The account's own organizers. */
export function ownOrganizers(db: Kysely<DB>, actor: Actor) {
  return organizersOfAccount(db, actor.accountId);
}

/** Every organizer, for the registration form's choice. */
export function allOrganizers(db: Kysely<DB>) {
  return listOrganizers(db);
}

/** Whether an account with this address exists. */
export async function accountExists(db: Kysely<DB>, email: string): Promise<boolean> {
  return (await findAccountByEmail(db, email)) !== undefined;
}

type OwnActivity = Awaited<ReturnType<typeof activitiesOfOrganizers>>[number];

/** /konto: the account's organizers, the editions they have activities in, one edition's activities by status, and their venues. */
export async function accountOverview(db: Kysely<DB>, actor: Actor, wantedEdition: unknown) {
  const organizers = await organizersOfAccount(db, actor.accountId);
  const organizerIds = organizers.map((o) => o.id);
  // One edition at a time: a large organizer has hundreds of activities a year, over many years.
  const editions = await editionsOfOrganizers(db, organizerIds);
  const shown = chosenEdition(editions, wantedEdition);
  const groups: { status: string; items: OwnActivity[] }[] = [];
  for (const activity of shown ? await activitiesOfOrganizers(db, organizerIds, shown.id) : []) {
    let group = groups.find((g) => g.status === activity.status);
    if (!group) groups.push((group = { status: activity.status, items: [] }));
    group.items.push(activity);
  }
  groups.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  const venues = await Promise.all(organizers.map(async (o) => ({ organizer: o.name, items: await venuesOfOrganizer(db, o.id) })));
  return { organizers, editions, shown, groups, venues };
}

/** Whether the account's own overview lists this edition (a coordinator may act for organizers not their own). */
export async function overviewListsEdition(db: Kysely<DB>, actor: Actor, editionId: number): Promise<boolean> {
  const own = await editionsOfOrganizers(db, actor.organizerIds);
  return own.some((e) => e.id === editionId);
}

/**
 * The form of a new activity: empty, or when duplicating (`copyOf`) the original's content as a
 * new draft, on the same day if that day is in this edition.
 */
async function newActivityDraft(db: Kysely<DB>, actor: Actor, organizer: Organizer, edition: Edition, venueCount: number, copyOf?: number): Promise<ActivityForm> {
  let form = newActivityForm(venueCount);
  if (copyOf === undefined) return form;
  const original = await activityForActor(db, actor, copyOf);
  form = formFromActivity(original, await activityChildren(db, original.id));
  if (original.organizerId !== organizer.id) form = { ...form, venueId: '' };
  if (form.day < edition.firstDay || form.day > edition.lastDay) form = { ...form, day: '' };
  return form;
}

/** An activity the actor may change, with its organizer, its edition and its content as the form shows it. */
async function activityToChange(db: Kysely<DB>, actor: Actor, id: number) {
  const activity = await activityForActor(db, actor, id);
  const [organizer, edition, children] = await Promise.all([
    findOrganizerById(db, activity.organizerId),
    findEditionById(db, activity.editionId),
    activityChildren(db, activity.id),
  ]);
  if (!edition) throw new NotFoundError(`There is no edition ${activity.editionId}.`);
  return { activity, organizer: organizer!, edition, form: formFromActivity(activity, children) };
}

/** An activity the actor may see, with its edition. */
export async function ownActivity(db: Kysely<DB>, actor: Actor, id: number) {
  const activity = await activityForActor(db, actor, id);
  return { activity, edition: await editionToWork(db, new Date(), activity.editionId) };
}

/** What the activity form offers an organizer: its venues and every town to pick, in county order. */
async function activityFormChoices(db: Kysely<DB>, organizerId: number) {
  const [venues, towns] = await Promise.all([venuesOfOrganizer(db, organizerId), townsForPicking(db)]);
  return { venues, towns };
}
export type ActivityFormChoices = Awaited<ReturnType<typeof activityFormChoices>>;

export interface ActivityForms {
  form: ActivityForm;
  venueForm: VenueForm;
}

/** The activity form again, with the messages of what could not be saved. */
export interface FormToFix extends ActivityForms {
  kind: 'invalid';
  errors: FieldErrors;
  edition: Edition;
  organizer: Organizer;
  choices: ActivityFormChoices;
}

/**
 * GET /konto/aktiviteter/ny: the organizer the new activity is for (`organizer`: an id as typed;
 * the account's only one by default), refused when the account may not act for it, a choice when
 * it has several; else the form for the edition open for registration, empty or (`copyOf`) with
 * an earlier activity's content.
 */
export async function newActivityPage(
  db: Kysely<DB>,
  actor: Actor,
  asked: { organizer: string; copyOf?: number; now: Date },
): Promise<
  | { kind: 'forbidden' }
  | { kind: 'pick'; organizers: { id: number; name: string }[] }
  | ({ kind: 'form'; edition: Edition; organizer: Organizer; choices: ActivityFormChoices } & ActivityForms)
> {
  const organizer = await organizerFor(db, actor, asked.organizer);
  if (organizer === null) return { kind: 'forbidden' };
  if (organizer === undefined) return { kind: 'pick', organizers: await organizerChoices(db, actor) };
  const edition = await editionToWork(db, asked.now);
  const choices = await activityFormChoices(db, organizer.id);
  const form = await newActivityDraft(db, actor, organizer, edition, choices.venues.length, asked.copyOf);
  return { kind: 'form', edition, organizer, choices, form, venueForm: EMPTY_VENUE_FORM };
}

/** POST /konto/aktiviteter: a new activity for the organizer asked for, in the edition open for registration. */
export async function createActivity(
  db: Kysely<DB>,
  actor: Actor,
  request: ActivityForms & { organizer: string; intent: 'draft' | 'submit'; submissionKey?: string; now: Date },
): Promise<{ kind: 'forbidden' } | { kind: 'saved'; activity: Activity } | FormToFix> {
  const organizer = await organizerFor(db, actor, request.organizer);
  if (!organizer) return { kind: 'forbidden' };
  const edition = await editionToWork(db, request.now);
  const { form, venueForm, intent, submissionKey, now } = request;
  const result = await saveActivity(db, { actor, edition, organizerId: organizer.id, form, venueForm, intent, submissionKey, now });
  if (!result.errors) return { kind: 'saved', activity: result.activity };
  return { kind: 'invalid', errors: result.errors, edition, organizer, form, venueForm, choices: await activityFormChoices(db, organizer.id) };
}

/** GET /konto/aktiviteter/:id/andra: the form of an activity the actor may change (a cancelled one has none). */
export async function changeActivityPage(db: Kysely<DB>, actor: Actor, id: number) {
  const { activity, organizer, edition, form } = await activityToChange(db, actor, id);
  if (activity.status === 'cancelled') return { kind: 'cancelled', activity } as const;
  return { kind: 'form', activity, organizer, edition, form, venueForm: EMPTY_VENUE_FORM, choices: await activityFormChoices(db, organizer.id) } as const;
}

/**
 * POST /konto/aktiviteter/:id: saves the form's changes; without `forms` (submitting from the
 * activity's page) submits the activity as it is stored.
 */
export async function changeActivity(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  request: { forms?: ActivityForms; intent: 'draft' | 'submit'; now: Date },
): Promise<{ kind: 'saved'; activity: Activity } | (FormToFix & { activity: Activity })> {
  const { activity, organizer, edition, form: stored } = await activityToChange(db, actor, id);
  const { form, venueForm } = request.forms ?? { form: stored, venueForm: EMPTY_VENUE_FORM };
  const result = await saveActivity(db, { actor, edition, organizerId: organizer.id, activityId: activity.id, form, venueForm, intent: request.intent, now: request.now });
  if (!result.errors) return { kind: 'saved', activity: result.activity };
  return { kind: 'invalid', errors: result.errors, activity, edition, organizer, form, venueForm, choices: await activityFormChoices(db, organizer.id) };
}

/** Every town to pick, in county order. */
export function townsToPick(db: Kysely<DB>) {
  return townsForPicking(db);
}
export type TownToPick = Awaited<ReturnType<typeof townsForPicking>>[number];

/** /konto/kopiera: earlier editions with something to copy into `target`, the activities of the one chosen, and which are copied already. */
export async function copyOverview(db: Kysely<DB>, actor: Actor, target: Edition, wantedSource: unknown) {
  const organizerIds = (await organizersOfAccount(db, actor.accountId)).map((o) => o.id);
  // Earlier editions with something to copy; last year's first, as most copy from there.
  const editions = (await editionsOfOrganizers(db, organizerIds)).filter((e) => e.id !== target.id && Number(e.activities) > Number(e.rejected));
  const source = chosenEdition(editions, wantedSource);
  const items = source ? (await activitiesOfOrganizers(db, organizerIds, source.id)).filter((a) => a.status !== 'rejected') : [];
  const copied = await copiesInEdition(db, items.map((a) => a.id), target.id);
  return { editions, source, items, copied };
}

/** The organizations whose venues the list shows: the one asked for (coordinators reach any), else the account's own; each with its venues. */
export async function venueLists(db: Kysely<DB>, actor: Actor, asked: string) {
  let organizers: { id: number; name: string }[];
  if (!ID.test(asked)) organizers = await organizersOfAccount(db, actor.accountId);
  else {
    const organizer = await findOrganizerById(db, Number(asked));
    if (!organizer) throw new NotFoundError(`There is no organizer ${asked}.`);
    if (!mayActFor(actor, organizer.id)) throw new ForbiddenError('You may not see these venues.');
    organizers = [organizer];
  }
  return Promise.all(organizers.map(async (o) => ({ id: o.id, name: o.name, venues: await venuesWithUse(db, o.id) })));
}

/** A venue's organizer and the activities that use it. */
export async function venueUse(db: Kysely<DB>, venue: Pick<Venue, 'id' | 'organizerId'>) {
  const [organizer, activities] = await Promise.all([findOrganizerById(db, venue.organizerId), activitiesAtVenue(db, venue.id)]);
  return { organizer: organizer!, activities };
}

/** The activities that use a venue. */
export function activitiesUsingVenue(db: Kysely<DB>, venueId: number) {
  return activitiesAtVenue(db, venueId);
}

const FACT_FIELDS = { step_free: 'stepFree', hearing_loop: 'hearingLoop', accessible_toilet: 'accessibleToilet', accessible_parking: 'accessibleParking' } as const;

/**
 * Every fact of the public activity page, for the organizer's preview and the coordinator's
 * review, so neither approves what the public will read without having seen it.
 */
export async function activityPreview(db: Kysely<DB>, id: number) {
  const details = await findActivityDetails(db, id);
  if (!details) throw new NotFoundError(`There is no activity ${id}.`);
  const venue = details.venue;
  const venueFacts: { fact: VenueFact; yes: boolean }[] | null = venue ? VENUE_FACTS.map((fact) => ({ fact, yes: venue[FACT_FIELDS[fact]] })) : null;
  return { details, venueFacts };
}
