import type { Kysely } from 'kysely';

/**
 * The languages an edition's help phone answers in, as ISO 639-1 codes separated by commas
 * ("sv,en,ar"). The front page tells a visitor in Arabic or Ukrainian whether ringing will reach
 * someone who speaks their language. Every edition so far had a Swedish-speaking line: "sv". No
 * check on the codes, so a new language on the line needs no migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('editions')
    .addColumn('help_phone_languages', 'text', (c) => c.notNull().defaultTo('sv'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('editions').dropColumn('help_phone_languages').execute();
}
