import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { findCurrentEdition, findEditionBySlug } from '../repositories/editions.js';
import { organizerIdBySlug } from '../repositories/organizers.js';
import { countyExists, municipalityExists, townIdBySlug } from '../repositories/regions.js';
import { type ActivityFilter, type ActivityPosition, countPublicActivities, findPublicActivities } from '../repositories/activities.js';
import { townsWithActivityCounts } from '../repositories/towns.js';
import type { ActivityQuery, PublicActivity } from '../schemas/activity.js';
import type { TownWithCount } from '../schemas/town.js';
import { BadParameterError } from './errors.js';
import { stockholmToday } from './time.js';

/** The public catalogue: what the API, pages and feeds read. Only published and cancelled activities. */

export async function resolveEdition(db: Kysely<DB>, slug: string | undefined, now = new Date()): Promise<Edition> {
  const edition = slug === undefined ? await findCurrentEdition(db, stockholmToday(now)) : await findEditionBySlug(db, slug);
  if (!edition) {
    throw new BadParameterError('edition', slug === undefined ? 'There is no published edition yet.' : `Unknown edition "${slug}".`);
  }
  return edition;
}

async function resolveFilter(db: Kysely<DB>, query: ActivityQuery): Promise<ActivityFilter> {
  const edition = await resolveEdition(db, query.edition);
  const filter: ActivityFilter = {
    editionId: edition.id,
    format: query.format,
    audience: query.audience,
    topic: query.topic,
    language: query.language,
  };
  if (query.town !== undefined) {
    filter.townId = await townIdBySlug(db, query.town);
    if (filter.townId === undefined) throw new BadParameterError('town', `Unknown town "${query.town}".`);
  }
  if (query.organizer !== undefined) {
    filter.organizerId = await organizerIdBySlug(db, query.organizer);
    if (filter.organizerId === undefined) throw new BadParameterError('organizer', `Unknown organizer "${query.organizer}".`);
  }
  if (query.municipality !== undefined) {
    if (!(await municipalityExists(db, query.municipality))) {
      throw new BadParameterError('municipality', `Unknown municipality code "${query.municipality}".`);
    }
    filter.municipalityCode = query.municipality;
  }
  if (query.county !== undefined) {
    if (!(await countyExists(db, query.county))) throw new BadParameterError('county', `Unknown county code "${query.county}".`);
    filter.countyCode = query.county;
  }
  return filter;
}

export function encodeCursor(position: ActivityPosition): string {
  return Buffer.from(JSON.stringify([position.startsAt, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): ActivityPosition {
  const invalid = () => new BadParameterError('cursor', 'Query parameter "cursor" is not a cursor this API gave out.');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    Number.isNaN(Date.parse(value[0])) ||
    !Number.isSafeInteger(value[1])
  ) {
    throw invalid();
  }
  return { startsAt: new Date(value[0]).toISOString(), id: value[1] };
}

export interface ActivityPage {
  items: PublicActivity[];
  total: number;
  nextCursor: string | null;
}

export async function listActivities(
  db: Kysely<DB>,
  query: ActivityQuery,
  activityUrl: (id: number) => string,
): Promise<ActivityPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const filter = await resolveFilter(db, query);
  const limit = query.limit ?? 50;
  const [rows, total] = await Promise.all([
    findPublicActivities(db, filter, { limit: limit + 1, after }, activityUrl),
    countPublicActivities(db, filter),
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    total,
    nextCursor: rows.length > limit && last ? encodeCursor({ startsAt: last.startsAt, id: last.id }) : null,
  };
}

export async function listTowns(db: Kysely<DB>, editionSlug: string | undefined): Promise<{ items: TownWithCount[]; total: number }> {
  const edition = await resolveEdition(db, editionSlug);
  const items = await townsWithActivityCounts(db, edition.id);
  return { items, total: items.length };
}
