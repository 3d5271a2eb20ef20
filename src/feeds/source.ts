import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { listActivities } from '../domain/catalog.js';
import type { ActivityQuery, PublicActivity } from '../schemas/activity.js';

export type FeedQuery = Omit<ActivityQuery, 'limit' | 'cursor'>;

/** Every public activity matching the API's filters, in start order: what a feed or a page of the whole edition shows. */
export async function allActivities(
  db: Kysely<DB>,
  query: FeedQuery,
  activityUrl: (id: number) => string,
): Promise<PublicActivity[]> {
  const activities: PublicActivity[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActivities(db, { ...query, limit: 200, cursor }, activityUrl);
    activities.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return activities;
}
