import type { Kysely } from 'kysely';

/**
 * An edition's texts in languages other than Swedish (editions.help_text stays the Swedish,
 * default text): one row per edition and language. No check on the language, so adding a
 * language to the site needs no migration; the app only reads languages it speaks. Public
 * data: a writer records the change (everything) in the change log, as for the editions' own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('edition_texts')
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('help_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('edition_texts_pk', ['edition_id', 'language'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('edition_texts').execute();
}
