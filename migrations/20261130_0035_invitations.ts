import type { Kysely } from 'kysely';
import { instantType, withIdColumn } from './dialect.js';

/**
 * Invitations to join an organization: a member (or a coordinator) invites a colleague by e-mail;
 * the mailed link is single-use and expires. Only a SHA-256 of the link's token is kept, as for
 * the other account tokens. The id names an invitation on the team page (to withdraw it) without
 * putting anything that opens it into the page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await withIdColumn(db, db.schema.createTable('invitations'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('used_at', instant)
    .addColumn('used_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('invitations_organizer_idx').on('invitations').columns(['organizer_id', 'email']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
