import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { findPublicOrganizer, organizersInEdition, type PublicOrganizer } from '../repositories/organizers.js';
import { countiesWithCounts, type CountyWithCount, municipalitiesWithCounts, type MunicipalityWithCount, townsWithActivityCounts } from '../repositories/places.js';
import { catalogueLastChange } from '../repositories/activities.js';
import type { PublicActivityData } from '../schemas/activity.js';
import type { ActivityQuery } from '../schemas/activity.js';
import type { TownWithCount } from '../schemas/town.js';
import { type ActivityPage, activityPage, resolveEdition } from './catalog.js';
import { tags } from './change-tags.js';
import { NotFoundError } from './errors.js';
import { editionLastChanged, publicActivity } from './kept-reads.js';
import { type EditionStatistics, type EditionSummary, editionStatistics, editionsSideBySide } from './statistics.js';

/**
 * What the partner API reads beyond the activity list. Each answer comes with `lastChange`, the
 * latest change of the data behind it, for Last-Modified.
 */
export interface Dated<T> {
  data: T;
  lastChange: string;
  /** What the answer shows, as change tags (src/domain/change-tags.ts); undefined, everything. */
  shows?: readonly string[];
}

const later = (a: string, b: string) => (a > b ? a : b);

/** A page of the public activities of one edition (the current one by default) that match the query. */
export async function listActivities(db: Kysely<DB>, query: ActivityQuery, now: Date): Promise<Dated<ActivityPage>> {
  const edition = await resolveEdition(db, query.edition, now);
  const [{ page, shows }, lastChange] = await Promise.all([activityPage(db, query, edition), editionLastChanged(db, edition.id)]);
  return { data: page, lastChange, shows };
}

export async function listTowns(db: Kysely<DB>, editionSlug: string | undefined, now: Date): Promise<Dated<{ items: TownWithCount[]; total: number }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [items, lastChange] = await Promise.all([townsWithActivityCounts(db, edition.id), editionLastChanged(db, edition.id)]);
  return { data: { items, total: items.length }, lastChange, shows: [tags.edition(edition.id)] };
}

export async function listEditions(db: Kysely<DB>): Promise<Dated<{ items: EditionSummary[]; total: number }>> {
  const [items, lastChange] = await Promise.all([editionsSideBySide(db), catalogueLastChange(db)]);
  return { data: { items, total: items.length }, lastChange };
}

export async function getActivity(db: Kysely<DB>, id: number): Promise<Dated<PublicActivityData>> {
  const activity = await publicActivity(db, id);
  if (!activity) throw new NotFoundError(`There is no public activity ${id}.`);
  return { data: activity, lastChange: activity.updatedAt, shows: [tags.activity(activity.id)] };
}

export async function listMunicipalities(
  db: Kysely<DB>,
  editionSlug: string | undefined, now: Date,
): Promise<Dated<{ items: MunicipalityWithCount[]; total: number }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [items, lastChange] = await Promise.all([municipalitiesWithCounts(db, edition.id), editionLastChanged(db, edition.id)]);
  return { data: { items, total: items.length }, lastChange, shows: [tags.edition(edition.id)] };
}

export async function listCounties(db: Kysely<DB>, editionSlug: string | undefined, now: Date): Promise<Dated<{ items: CountyWithCount[]; total: number }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [items, lastChange] = await Promise.all([countiesWithCounts(db, edition.id), editionLastChanged(db, edition.id)]);
  return { data: { items, total: items.length }, lastChange, shows: [tags.edition(edition.id)] };
}

export async function listOrganizers(db: Kysely<DB>, editionSlug: string | undefined, now: Date): Promise<Dated<{ items: PublicOrganizer[]; total: number }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [items, programme] = await Promise.all([organizersInEdition(db, edition.id), editionLastChanged(db, edition.id)]);
  return { data: { items, total: items.length }, lastChange: items.reduce((max, o) => later(o.updatedAt, max), programme), shows: [tags.edition(edition.id)] };
}

export async function getOrganizer(db: Kysely<DB>, slug: string, editionSlug: string | undefined, now: Date): Promise<Dated<PublicOrganizer>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [organizer, programme] = await Promise.all([findPublicOrganizer(db, slug, edition.id), editionLastChanged(db, edition.id)]);
  if (!organizer) throw new NotFoundError(`There is no organizer "${slug}".`);
  return { data: organizer, lastChange: later(organizer.updatedAt, programme), shows: [tags.edition(edition.id)] };
}

export async function getStatistics(
  db: Kysely<DB>,
  editionSlug: string | undefined, now: Date,
): Promise<Dated<EditionStatistics & { edition: string }>> {
  const edition = await resolveEdition(db, editionSlug, now);
  const [figures, lastChange] = await Promise.all([editionStatistics(db, edition), editionLastChanged(db, edition.id)]);
  return { data: { edition: edition.slug, ...figures }, lastChange, shows: [tags.edition(edition.id)] };
}
