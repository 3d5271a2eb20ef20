import type { Selectable } from 'kysely';
import { toMaybeRecord, toRecords } from '../db/records.js';
import type { Edition, EditionTable } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/** Every public edition, oldest first. */
export async function listPublicEditions(db: Executor): Promise<Edition[]> {
  return toRecords(await db.selectFrom('editions').selectAll().where('status', '<>', 'draft').orderBy('first_day').execute());
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
