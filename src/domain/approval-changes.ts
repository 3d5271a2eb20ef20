import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Executor } from '../db/executor.js';
import type { Lang } from '../i18n/index.js';
import {
  deleteApprovalChanges,
  findApprovalChange,
  insertApprovalChange,
  listApprovalChanges,
  placeAndTimeOf,
  touchApprovalChange,
} from '../repositories/approval-changes.js';
import { type ChangeLine, type StoredChanges, describeChanges } from './change-log.js';

/**
 * Changes since approval. An organization that is not trusted may change its published activity
 * (a time on the day must be correctable at once), and the change goes live, but a coordinator
 * sees it in a list, in human terms, measured from what they approved, and accepts it or returns
 * the activity to review. Trusted organizations and coordinators' own changes skip the list.
 */

/** What a coordinator approved: the fields whose change they want to see. Places by name, as people read them. */
export interface Approved {
  title: string;
  starts_at: string;
  ends_at: string;
  format: string;
  place: string | null;
  town: string | null;
  online_url: string | null;
  status: string;
}

const FIELDS = ['title', 'starts_at', 'ends_at', 'format', 'place', 'town', 'online_url', 'status'] as const satisfies readonly (keyof Approved)[];

type Row = Awaited<ReturnType<typeof placeAndTimeOf>>;

export function approvedOf(row: Row): Approved {
  return {
    title: row.title,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    format: row.format,
    place: row.venue_name === null ? null : `${row.venue_name}, ${row.street_address}, ${row.venue_town}`,
    town: row.town_name,
    online_url: row.online_url,
    status: row.status,
  };
}

/** Field -> [approved, now] for each watched field that differs. */
export function changesFrom(approved: Approved, now: Approved): StoredChanges {
  const changes: StoredChanges = {};
  for (const field of FIELDS) if (approved[field] !== now[field]) changes[field] = [approved[field], now[field]];
  return changes;
}

/** The activity as it stands, in the terms a change is measured in. */
export async function approvedNow(trx: Executor, activityId: number): Promise<Approved> {
  return approvedOf(await placeAndTimeOf(trx, activityId));
}

/**
 * After a change to a published activity (called inside the writer's transaction with the activity
 * as it was before): the first change away from the approved activity puts it on the list, later
 * ones keep it there, and a change back to what was approved takes it off.
 */
export async function noteChangeSinceApproval(trx: Transaction<DB>, activityId: number, before: Approved, accountId: number | null, at: string): Promise<void> {
  const after = await approvedNow(trx, activityId);
  const waiting = await findApprovalChange(trx, activityId);
  if (waiting) {
    if (Object.keys(changesFrom(JSON.parse(waiting.approved) as Approved, after)).length === 0) await deleteApprovalChanges(trx, [activityId]);
    else await touchApprovalChange(trx, activityId, accountId, at);
    return;
  }
  if (Object.keys(changesFrom(before, after)).length > 0) await insertApprovalChange(trx, { activityId, approved: JSON.stringify(before), accountId, at });
}

export interface ChangeSinceApproval {
  activityId: number;
  title: string;
  organizer: string;
  edition: string;
  changedAt: string;
  changedBy: string | null;
  changes: ChangeLine[];
  /** A published activity can go back to review; a cancelled one is only acknowledged. */
  canReturn: boolean;
}

/** The changes waiting for coordinators, most recent first, each in the reader's words; optionally those since an instant (the daily digest). */
export async function changesSinceApproval(db: Kysely<DB>, lang: Lang, options: { since?: string; limit?: number } = {}): Promise<ChangeSinceApproval[]> {
  const rows = await listApprovalChanges(db, { since: options.since, limit: options.limit ?? 500 });
  const names = { venues: new Map(), towns: new Map(), organizers: new Map() };
  return rows.map((row) => ({
    activityId: row.activity_id,
    title: row.title,
    organizer: row.organizer_name,
    edition: row.edition_name,
    changedAt: row.last_changed_at,
    changedBy: row.changed_by,
    changes: describeChanges(lang, changesFrom(JSON.parse(row.approved) as Approved, approvedOf(row)), names),
    canReturn: row.status === 'published',
  }));
}
