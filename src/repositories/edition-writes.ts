import type { Edition, EditionStatus } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/** Any edition by id, drafts included (for coordinators and for activities already in it). */
export function findEditionById(db: Executor, id: number): Promise<Edition | undefined> {
  return db.selectFrom('editions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEditions(db: Executor): Promise<Edition[]> {
  return db.selectFrom('editions').selectAll().orderBy('first_day', 'desc').execute();
}

export interface EditionChanges {
  name: string;
  first_day: string;
  last_day: string;
  registration_opens_at: string;
  registration_closes_at: string;
  reports_close_on: string;
  status: EditionStatus;
  help_phone: string | null;
  help_text: string | null;
}

export function updateEdition(db: Executor, id: number, changes: EditionChanges, now: string): Promise<Edition | undefined> {
  return db.updateTable('editions').set({ ...changes, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}
