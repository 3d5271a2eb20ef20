import type { Kysely } from 'kysely';
import { oneOf } from './dialect.js';

// Frozen once landed: the languages are copied here, not imported.
const LANGUAGES = ['sv', 'en'];

/**
 * The language an account reads: mail to it (verification, reset, approval, rejection) is written
 * in it. Accounts that existed before read Swedish, as all mail was until now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('sv').check(oneOf('language', LANGUAGES)))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('language').execute();
}
