import type { Edition } from '../db/types.js';
import type { Executor } from '../db/executor.js';

export function findEditionBySlug(db: Executor, slug: string): Promise<Edition | undefined> {
  return db.selectFrom('editions').selectAll().where('slug', '=', slug).where('status', '<>', 'draft').executeTakeFirst();
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
  return (
    upcoming ??
    db.selectFrom('editions').selectAll().where('status', '<>', 'draft').orderBy('first_day', 'desc').limit(1).executeTakeFirst()
  );
}

/** Every public edition, newest first. */
export function listPublicEditions(db: Executor): Promise<Edition[]> {
  return db.selectFrom('editions').selectAll().where('status', '<>', 'draft').orderBy('first_day', 'desc').execute();
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
