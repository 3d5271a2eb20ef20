import { type Kysely, sql } from 'kysely';
import { instantType, oneOf, withIdColumn } from './dialect.js';

// Frozen once landed: the enumeration is copied here, not imported.
const TOKEN_PURPOSES = ['verify_email', 'reset_password'];

/**
 * Workflow support: the mail outbox (where mail goes without SMTP), single-use account
 * tokens for e-mail verification and password reset, and form submission keys that make
 * a double-clicked "create" produce one activity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);

  await withIdColumn(db, db.schema.createTable('outbox'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_recipient_idx').on('outbox').columns(['recipient', 'id']).execute();

  // Only a SHA-256 of the token is stored, so a copy of the database cannot be used to take over accounts.
  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('used_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .addCheckConstraint('account_tokens_purpose_check', oneOf('purpose', TOKEN_PURPOSES))
    .execute();
  await db.schema.createIndex('account_tokens_account_idx').on('account_tokens').columns(['account_id', 'purpose']).execute();

  await db.schema
    .createTable('form_submissions')
    .addColumn('submission_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addCheckConstraint('form_submissions_key_check', sql`submission_key <> ''`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('form_submissions').execute();
  await db.schema.dropTable('account_tokens').execute();
  await db.schema.dropTable('outbox').execute();
}
