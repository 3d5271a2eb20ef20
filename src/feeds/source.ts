import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { listActivities } from '../domain/catalog.js';
import { type ActivityPosition, findPublicActivities } from '../repositories/activities.js';
import type { ActivityQuery, PublicActivity } from '../schemas/activity.js';

export type FeedQuery = Omit<ActivityQuery, 'limit' | 'cursor'>;

/** Every public activity matching the API's filters, in start order: what a feed or a page of the whole edition shows. */
export async function allActivities(
  db: Kysely<DB>,
  query: FeedQuery,
  now: Date,
  activityUrl: (id: number) => string,
): Promise<PublicActivity[]> {
  const activities: PublicActivity[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActivities(db, { ...query, limit: 200, cursor }, now, activityUrl);
    activities.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return activities;
}

/**
 * The public activities of an edition in start order, one keyset page at a time, so a dump of
 * any size holds one page in memory, never the whole edition.
 */
export async function* activityPages(
  db: Kysely<DB>,
  editionId: number,
  activityUrl: (id: number) => string,
  pageSize = 500,
): AsyncGenerator<PublicActivity[]> {
  let after: ActivityPosition | undefined;
  for (;;) {
    const page = await findPublicActivities(db, { editionId }, { limit: pageSize, after }, activityUrl);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { startsAt: last.startsAt, id: last.id };
  }
}
