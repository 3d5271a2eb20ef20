import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { DB, Edition } from '../db/types.js';
import { formatDay, formatTime } from '../i18n/dates.js';
import { type Lang, t } from '../i18n/index.js';
import { listEditions } from '../repositories/editions.js';
import { activitiesForReminders, coordinatorAccounts, membersOfOrganizers } from '../repositories/reports.js';
import { changesSinceApproval } from './approval-changes.js';
import { type Mail, composeMail, queueMail } from './mail.js';
import { ZONE, stockholmToday } from './time.js';
import { transact } from './transaction.js';

/**
 * Reminders and the coordinators' digest: what the mails say (pure functions from the facts to the
 * mails, each in the reader's language) and who gets which (functions that read the database and
 * return the mails due at `now`). Nothing here sends anything: a scheduled job sends what these
 * return, through the outbox, once per instance group.
 */

export interface ReminderActivity {
  title: string;
  startsAt: string;
  endsAt: string;
  /** Town, or venue and town; null for one online or by phone without a town. */
  place: string | null;
  cancelled?: boolean;
}

/** One activity as a line of a mail: "– torsdag 7 oktober 2027 10:00–11:30: Digital drop-in (Umeå)". */
export function activityLine(lang: Lang, activity: ReminderActivity): string {
  return t(lang, activity.cancelled ? 'reminders.lineCancelled' : 'reminders.line', {
    day: formatDay(lang, activity.startsAt),
    start: formatTime(lang, activity.startsAt),
    end: formatTime(lang, activity.endsAt),
    title: activity.title,
    place: activity.place ?? t(lang, 'reminders.nowhere'),
  });
}

const lines = (lang: Lang, activities: readonly ReminderActivity[]) => activities.map((a) => activityLine(lang, a)).join('\n');

/** To a member of an organization with activities that are over and not reported on: which, until when, where. */
export function reportReminderMail(
  lang: Lang,
  to: string,
  facts: { name: string; organizer: string; edition: string; closesOn: string; link: string; activities: readonly ReminderActivity[] },
): Mail {
  return composeMail(lang, 'report_reminder', to, {
    name: facts.name,
    organizer: facts.organizer,
    edition: facts.edition,
    closesOn: formatDay(lang, facts.closesOn),
    count: facts.activities.length,
    list: lines(lang, facts.activities),
    link: facts.link,
  });
}

// ---- When each reminder is due ----

/**
 * Which registration reminder is due on the Stockholm date of `now`: a week before registration
 * closes, and the day before. Registration closes at the start of its closing day, so "the day
 * before" is the last full day to submit.
 */
export function registrationReminderDue(edition: Pick<Edition, 'registrationClosesAt'>, now: Date): 'week' | 'day' | null {
  const closes = DateTime.fromISO(edition.registrationClosesAt, { zone: ZONE }).startOf('day');
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  const days = Math.round(closes.diff(today, 'days').days);
  return days === 7 ? 'week' : days === 1 ? 'day' : null;
}

/** Whether `now` is the day before the edition's first day, in Stockholm: the day organizers get their list. */
export function isDayBefore(edition: Pick<Edition, 'firstDay'>, now: Date): boolean {
  return DateTime.fromISO(edition.firstDay, { zone: ZONE }).minus({ days: 1 }).toISODate() === stockholmToday(now);
}

// ---- The mails ----

/** To a member of an organization with drafts not yet submitted, a week or a day before registration closes. */
export function draftReminderMail(
  lang: Lang,
  to: string,
  facts: { name: string; organizer: string; edition: string; closesAt: string; which: 'week' | 'day'; link: string; drafts: readonly ReminderActivity[] },
): Mail {
  // Registration closes at midnight, so the last day to submit is the day before the closing date.
  const lastDay = DateTime.fromISO(facts.closesAt, { zone: ZONE }).minus({ days: 1 }).toISODate()!;
  return composeMail(lang, facts.which === 'week' ? 'draft_reminder_week' : 'draft_reminder_day', to, {
    name: facts.name,
    organizer: facts.organizer,
    edition: facts.edition,
    lastDay: formatDay(lang, lastDay),
    count: facts.drafts.length,
    list: lines(lang, facts.drafts),
    link: facts.link,
  });
}

/** To a member of an organization the day before the theme day: its activities, times, places and cancellations. */
export function dayBeforeMail(lang: Lang, to: string, facts: { name: string; organizer: string; edition: string; link: string; activities: readonly ReminderActivity[] }): Mail {
  return composeMail(lang, 'day_before', to, {
    name: facts.name,
    organizer: facts.organizer,
    edition: facts.edition,
    count: facts.activities.length,
    list: lines(lang, facts.activities),
    link: facts.link,
  });
}

/** One change since approval as the digest lists it. */
export interface DigestItem {
  title: string;
  organizer: string;
  changedAt: string;
  /** "Börjar: … → …", already in the reader's language. */
  changes: readonly { label: string; from: string; to: string }[];
}

/** To a coordinator: the published activities changed since approval in the last day, to accept or return to review. */
export function changesDigestMail(lang: Lang, to: string, facts: { name: string; link: string; items: readonly DigestItem[] }): Mail {
  const list = facts.items
    .map((item) =>
      [
        t(lang, 'reminders.digestItem', { title: item.title, organizer: item.organizer, day: formatDay(lang, item.changedAt), time: formatTime(lang, item.changedAt) }),
        ...item.changes.map((c) => `   ${c.label}: ${c.from} → ${c.to}`),
      ].join('\n'),
    )
    .join('\n\n');
  return composeMail(lang, 'changes_digest', to, { name: facts.name, count: facts.items.length, list, link: facts.link });
}

// ---- Who gets what: read the database, compose, send nothing ----

/** "Venue, street, town", or the town, or null online and by phone. */
const placeOf = (row: { venueName: string | null; venueStreetAddress: string | null; townName: string | null }) =>
  row.venueName ? `${row.venueName}, ${row.venueStreetAddress}, ${row.townName}` : row.townName;

/** Groups rows by organizer and writes one mail per member of each, in the member's language. */
async function perMember<R extends { organizerId: number; organizerName: string }>(
  db: Kysely<DB>,
  rows: readonly R[],
  compose: (member: { email: string; name: string; language: Lang }, organizer: string, rows: R[]) => Mail,
): Promise<Mail[]> {
  const byOrganizer = new Map<number, R[]>();
  for (const row of rows) byOrganizer.set(row.organizerId, [...(byOrganizer.get(row.organizerId) ?? []), row]);
  const members = await membersOfOrganizers(db, [...byOrganizer.keys()]);
  return members.map((m) => {
    const own = byOrganizer.get(m.organizerId)!;
    return compose(m, own[0]!.organizerName, own);
  });
}

const reminderActivity = (row: { title: string; startsAt: string; endsAt: string; status: string; venueName: string | null; venueStreetAddress: string | null; townName: string | null }): ReminderActivity => ({
  title: row.title,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  place: placeOf(row),
  cancelled: row.status === 'cancelled',
});

/**
 * The registration reminders due on `now`'s date for an edition: each member of an organization
 * with drafts (or rejected activities not yet resubmitted) gets the list, in their language. Empty
 * when no reminder is due today. For a scheduled job: run daily, send what this returns.
 */
export async function draftReminders(db: Kysely<DB>, edition: Edition, options: { now: Date; baseUrl: string }): Promise<Mail[]> {
  const which = registrationReminderDue(edition, options.now);
  if (!which) return [];
  const rows = await activitiesForReminders(db, edition.id, ['draft', 'rejected']);
  return perMember(db, rows, (member, organizer, own) =>
    draftReminderMail(member.language, member.email, {
      name: member.name,
      organizer,
      edition: edition.name,
      closesAt: edition.registrationClosesAt,
      which,
      link: `${options.baseUrl}/konto?utgava=${encodeURIComponent(edition.slug)}`,
      drafts: own.map(reminderActivity),
    }),
  );
}

/** The day-before mails for an edition, when `now` is the day before its first day: every organization with published or cancelled activities. */
export async function dayBeforeReminders(db: Kysely<DB>, edition: Edition, options: { now: Date; baseUrl: string }): Promise<Mail[]> {
  if (!isDayBefore(edition, options.now)) return [];
  const rows = await activitiesForReminders(db, edition.id, ['published', 'cancelled']);
  return perMember(db, rows, (member, organizer, own) =>
    dayBeforeMail(member.language, member.email, {
      name: member.name,
      organizer,
      edition: edition.name,
      link: `${options.baseUrl}/konto?utgava=${encodeURIComponent(edition.slug)}`,
      activities: own.map(reminderActivity),
    }),
  );
}

/**
 * The daily digest to every coordinator of the changes since approval made in the 24 hours before
 * `now`, each in the coordinator's language; nobody gets an empty digest.
 */
export async function changesDigest(db: Kysely<DB>, options: { now: Date; baseUrl: string }): Promise<Mail[]> {
  const since = new Date(options.now.getTime() - 24 * 3600 * 1000).toISOString();
  const mails: Mail[] = [];
  for (const coordinator of await coordinatorAccounts(db)) {
    const items = await changesSinceApproval(db, coordinator.language, { since });
    if (items.length === 0) continue;
    mails.push(
      changesDigestMail(coordinator.language, coordinator.email, {
        name: coordinator.name,
        link: `${options.baseUrl}/admin/andringar`,
        items: items.map((i) => ({ title: i.title, organizer: i.organizer, changedAt: i.changedAt, changes: i.changes })),
      }),
    );
  }
  return mails;
}

/** Reminders go out from this Stockholm hour on, not in the night. */
const SEND_FROM_HOUR = 8;

/**
 * Queues the reminders and the digest due today (Stockholm), each mail once: its dedupe key names
 * the kind, the day and the reader, so an hourly job on any number of instances sends it once.
 * How many mails were queued now.
 */
export async function queueDueReminders(db: Kysely<DB>, options: { now: Date; baseUrl: string }): Promise<number> {
  if (DateTime.fromJSDate(options.now, { zone: ZONE }).hour < SEND_FROM_HOUR) return 0;
  const today = stockholmToday(options.now);
  const due: { kind: string; mail: Mail }[] = [];
  for (const edition of await listEditions(db)) {
    if (edition.lastDay < today) continue;
    for (const mail of await draftReminders(db, edition, options)) due.push({ kind: `drafts:${edition.id}`, mail });
    for (const mail of await dayBeforeReminders(db, edition, options)) due.push({ kind: `day-before:${edition.id}`, mail });
  }
  for (const mail of await changesDigest(db, options)) due.push({ kind: 'digest', mail });
  return transact(db, async (trx) => {
    let queued = 0;
    for (const { kind, mail } of due) {
      // A member of two organizations gets one mail for each: the subject names the organization.
      const key = `reminder:${kind}:${today}:${mail.to}:${createHash('sha256').update(mail.subject).digest('base64url').slice(0, 16)}`;
      if (await queueMail(trx, mail, options.now, key)) queued++;
    }
    return queued;
  });
}
