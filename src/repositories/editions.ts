import type { OrderByDirection, Selectable } from 'kysely';
import { toMaybeRecord, toRecords } from '../db/records.js';
import type { Edition, EditionTable } from '../db/types.js';
import type { Executor } from '../db/executor.js';

export async function findEditionBySlug(db: Executor, slug: string): Promise<Edition | undefined> {
  return toMaybeRecord(await db.selectFrom('editions').selectAll().where('slug', '=', slug).where('status', '<>', 'draft').executeTakeFirst());
}

/** The public edition that is on now or next; failing that, the latest one. */
export async function findCurrentEdition(db: Executor, today: string): Promise<Edition | undefined> {
  const upcoming = await db
    .selectFrom('editions')
    .selectAll()
    .where('status', '<>', 'draft')
    .where('last_day', '>=', today)
    .orderBy('first_day', 'asc')
    .limit(1)
    .executeTakeFirst();
  return toMaybeRecord(
    upcoming ??
      (await db.selectFrom('editions').selectAll().where('status', '<>', 'draft').orderBy('first_day', 'desc').limit(1).executeTakeFirst()),
  );
}

/** Every public edition, by first day: 'desc' newest first, 'asc' oldest first. */
export async function listPublicEditions(db: Executor, order: OrderByDirection): Promise<Edition[]> {
  return toRecords(await db.selectFrom('editions').selectAll().where('status', '<>', 'draft').orderBy('first_day', order).execute());
}

/** Any edition by id, drafts included (for coordinators and for activities already in it). */
export async function findEditionById(db: Executor, id: number): Promise<Edition | undefined> {
  return toMaybeRecord(await db.selectFrom('editions').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function listEditions(db: Executor): Promise<Edition[]> {
  return toRecords(await db.selectFrom('editions').selectAll().orderBy('first_day', 'desc').execute());
}

/** The columns the coordinators' edition form writes, by the names the audit log keeps its changes under. */
export const EDITION_SETTINGS = [
  'name',
  'first_day',
  'last_day',
  'registration_opens_at',
  'registration_closes_at',
  'reports_close_on',
  'status',
  'help_phone',
  'help_text',
  'help_phone_languages',
] as const;

export type EditionChanges = Pick<Selectable<EditionTable>, (typeof EDITION_SETTINGS)[number]>;

export async function updateEdition(db: Executor, id: number, changes: EditionChanges, now: string): Promise<Edition | undefined> {
  return toMaybeRecord(await db.updateTable('editions').set({ ...changes, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst());
}

/** An edition's help text in a language other than Swedish, when it has one. */
export async function findEditionHelpText(db: Executor, editionId: number, language: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('edition_texts')
    .select('help_text')
    .where('edition_id', '=', editionId)
    .where('language', '=', language)
    .executeTakeFirst();
  return row?.help_text;
}
