import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { deleteChangesBefore } from '../repositories/changes.js';
import { deleteExpiredUploads } from '../repositories/imports.js';
import { deleteFinishedJobs } from '../repositories/jobs.js';
import { deleteSentMailBefore } from '../repositories/outbox.js';
import { deleteEndedWindows } from '../repositories/rate-limits.js';
import { deleteExpiredSessions } from '../repositories/sessions.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** How long what is only kept for a while is kept. */
export const RETENTION = {
  /** Every instance reads the change log at least every second; an hour covers one that was paused. */
  changesMs: HOUR,
  finishedJobsMs: 7 * DAY,
  /** Delivered mail, for support questions ("did the link go out?"); it holds names and links. */
  sentMailMs: 30 * DAY,
} as const;

/** Forgets what has expired: sessions, ended rate-limit windows, unconfirmed uploads, old changes, jobs and mail. Run hourly. */
export async function purgeExpired(db: Kysely<DB>, now: Date) {
  const at = now.toISOString();
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const sessions = (await deleteExpiredSessions(db, at)).length;
  await deleteEndedWindows(db, now);
  await deleteExpiredUploads(db, at);
  const changes = await deleteChangesBefore(db, before(RETENTION.changesMs));
  const jobs = await deleteFinishedJobs(db, before(RETENTION.finishedJobsMs));
  const mail = await deleteSentMailBefore(db, before(RETENTION.sentMailMs));
  return { sessions, changes, jobs, mail };
}
