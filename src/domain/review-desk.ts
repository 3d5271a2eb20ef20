import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { allMemberships, listAccounts } from '../repositories/accounts.js';
import { type QueueFilter, findActivityById, reviewQueue, reviewQueueOrganizers, reviewQueueSize } from '../repositories/activity-writes.js';
import { countApprovalChanges } from '../repositories/approval-changes.js';
import { auditTrail } from '../repositories/audit-log.js';
import { findEditionById, listEditions } from '../repositories/editions.js';
import { listOrganizers } from '../repositories/organizers.js';
import { regionList } from './places.js';
import { NotFoundError } from './errors.js';
import { flagDuplicates } from './activities.js';
import { stockholmToday } from './time.js';

/** What the coordinators' pages under /admin read: one function per page. */

export type { QueueFilter } from '../repositories/activity-writes.js';

const QUEUE_PAGE_SIZE = 50;

/**
 * One page of the review queue with these filters, each activity with its likely duplicates, and
 * what the filters offer. A page past the end (its last activities were just approved) shows the last one.
 */
export async function reviewQueuePage(db: Kysely<DB>, filter: QueueFilter, asked: number) {
  const total = await reviewQueueSize(db, filter);
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(asked, pages);
  const queue = await reviewQueue(db, filter, { offset: (page - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
  const [flags, organizers, changesWaiting, counties] = await Promise.all([
    flagDuplicates(
      db,
      queue.map((a) => ({ id: a.id, organizerId: a.organizerId, townId: a.townId, startsAt: a.startsAt, title: a.title, editionId: a.editionId })),
    ),
    reviewQueueOrganizers(db),
    countApprovalChanges(db),
    regionList(db),
  ]);
  return {
    total,
    page,
    pages,
    items: queue.map((a) => ({ ...a, duplicates: flags.get(a.id) ?? [] })),
    organizers: organizers.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    counties: counties.map((c) => ({ code: c.code, name: c.name })),
    changesWaiting,
  };
}

/** One activity under review: the row, its likely duplicates and its audit trail. */
export async function activityUnderReview(db: Kysely<DB>, id: number) {
  const activity = await findActivityById(db, id);
  if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
  const [trail, flags] = await Promise.all([
    auditTrail(db, 'activity', id),
    flagDuplicates(db, [
      { id, organizerId: activity.organizerId, townId: activity.townId, startsAt: activity.startsAt, title: activity.title, editionId: activity.editionId },
    ]),
  ]);
  return { activity, duplicates: flags.get(id) ?? [], trail };
}

/** The edition the reports page shows: the one asked for, else the newest whose days have begun; and the choice of them. */
export async function reportEdition(db: Kysely<DB>, wanted: unknown, now: Date): Promise<{ edition: Edition; editions: Edition[] }> {
  const today = stockholmToday(now);
  const editions = (await listEditions(db)).filter((e) => e.status !== 'draft' && e.firstDay < today);
  const edition = wanted === undefined || wanted === '' ? editions[0] : editions.find((e) => e.slug === wanted);
  if (!edition) throw new NotFoundError(`No edition "${String(wanted)}" to follow reports for.`);
  return { edition, editions };
}

/** Every organizer, for the coordinators' list. */
export function organizerRegister(db: Kysely<DB>) {
  return listOrganizers(db);
}

/** Every edition, newest first. */
export function allEditions(db: Kysely<DB>): Promise<Edition[]> {
  return listEditions(db);
}

export async function editionById(db: Kysely<DB>, id: number): Promise<Edition> {
  const edition = await findEditionById(db, id);
  if (!edition) throw new NotFoundError(`There is no edition ${id}.`);
  return edition;
}

/** Every account with the organizers it belongs to, and the organizers to connect one to. */
export async function accountRegister(db: Kysely<DB>) {
  const [accounts, organizers, memberships] = await Promise.all([listAccounts(db), listOrganizers(db), allMemberships(db)]);
  return {
    organizers,
    accounts: accounts.map((a) => ({
      ...a,
      memberOf: memberships
        .filter((m) => m.accountId === a.id)
        .map((m) => m.name)
        .join(', '),
    })),
  };
}
