import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { findPublicOrganizer } from '../repositories/organizers.js';
import { editionDataVersion, type PublishedEntry, recentlyPublished } from '../repositories/activities.js';
import type { PublicActivityData } from '../schemas/activity.js';
import { type CatalogQuery, activityPages, publicEditionBySlug, resolveEdition } from './catalog.js';
import { listShows, tags } from './change-tags.js';
import { NotFoundError } from './errors.js';
import { editionLastChanged } from './kept-reads.js';
import { townBySlug } from './places.js';
import type { Dated } from './partner-data.js';

/** What the feeds (iCalendar, Atom, the open-data dumps) read: each a dated answer, the edition resolved once. */

export interface Calendar {
  edition: Edition;
  activities: PublicActivityData[];
}

const latest = (activities: readonly PublicActivityData[], floor: string) => activities.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), floor);

async function calendarOf(db: Kysely<DB>, edition: Edition, filters: CatalogQuery, scope: string): Promise<Dated<Calendar>> {
  const activities: PublicActivityData[] = [];
  for await (const page of activityPages(db, filters, edition)) activities.push(...page);
  const lastChange = await editionLastChanged(db, edition.id);
  return { data: { edition, activities }, lastChange: latest(activities, lastChange), shows: listShows([scope], activities) };
}

/** Every public activity matching the filters, in the edition they name (the current one by default). */
export async function selectionCalendar(db: Kysely<DB>, filters: CatalogQuery, now: Date): Promise<Dated<Calendar>> {
  const edition = await resolveEdition(db, filters.edition, now);
  return calendarOf(db, edition, filters, tags.edition(edition.id));
}

/** A town's calendar: the town first (404 when unknown), then its activities in the edition. */
export async function townCalendar(
  db: Kysely<DB>,
  slug: string,
  filters: CatalogQuery,
  now: Date,
): Promise<Dated<Calendar & { town: { slug: string; name: string } }>> {
  const town = await townBySlug(db, slug);
  if (!town) throw new NotFoundError(`There is no town "${slug}".`);
  const edition = await resolveEdition(db, filters.edition, now);
  const calendar = await calendarOf(db, edition, { ...filters, town: town.slug }, tags.town(town.id));
  return { ...calendar, data: { ...calendar.data, town } };
}

/** An organizer's calendar in the edition (404 when it has no public activities there). */
export async function organizerCalendar(
  db: Kysely<DB>,
  slug: string,
  filters: CatalogQuery,
  now: Date,
): Promise<Dated<Calendar & { organizer: { slug: string; name: string } }>> {
  const edition = await resolveEdition(db, filters.edition, now);
  const organizer = await findPublicOrganizer(db, slug, edition.id);
  if (!organizer) throw new NotFoundError(`There is no organizer "${slug}".`);
  const calendar = await calendarOf(db, edition, { ...filters, edition: edition.slug, organizer: organizer.slug }, tags.edition(edition.id));
  return { ...calendar, data: { ...calendar.data, organizer } };
}

/** The most recently published activities of the edition (the current one by default), for the Atom feed. */
export async function recentActivities(db: Kysely<DB>, editionSlug: string | undefined, now: Date, limit: number): Promise<Dated<{ edition: Edition; entries: PublishedEntry[] }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [entries, lastChange] = await Promise.all([recentlyPublished(db, edition.id, limit), editionLastChanged(db, edition.id)]);
  return { data: { edition, entries }, lastChange };
}

/** An edition's open-data dump, before its body: the edition (404 when unknown), a cheap fingerprint of its data, its last change. */
export async function editionDump(db: Kysely<DB>, slug: string): Promise<Dated<{ edition: Edition; version: string[] }>> {
  const edition = await publicEditionBySlug(db, slug);
  if (!edition) throw new NotFoundError(`There is no edition "${slug}".`);
  const [version, lastChange] = await Promise.all([editionDataVersion(db, edition.id), editionLastChanged(db, edition.id)]);
  return { data: { edition, version }, lastChange };
}
