import type { Kysely } from 'kysely';
import { instantType, oneOf } from './dialect.js';

/**
 * Bulk import: a checked CSV file waits here between the dry run and its confirmation, so the
 * confirmation applies exactly the file that was checked (never a report posted back by the
 * browser), whichever app instance receives it. Keyed by a SHA-256 of a random token, bound to
 * the account that uploaded it, and short-lived.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('import_uploads')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // What the dry run said it would do; a different plan at confirmation is shown again, not applied.
    .addColumn('plan_digest', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addCheckConstraint('import_uploads_intent_check', oneOf('intent', ['draft', 'submit']))
    .execute();
  await db.schema.createIndex('import_uploads_expires_idx').on('import_uploads').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_uploads').execute();
}
