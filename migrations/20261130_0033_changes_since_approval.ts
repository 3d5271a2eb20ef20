import type { Kysely } from 'kysely';
import { instantType } from './dialect.js';

/**
 * Published activities of organizations that are not trusted, changed since a coordinator approved
 * them (title, time, place or status): they stay published, so a time can be corrected on the day,
 * and wait here until a coordinator accepts the change or returns the activity to review. One row
 * per activity, holding what was approved, so the list shows the change from that, however many
 * edits came in between.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('approval_changes')
    .addColumn('activity_id', 'integer', (c) => c.primaryKey().references('activities.id').onDelete('cascade'))
    // The approved title, times, format, place and status, as JSON (see src/domain/approval-changes.ts).
    .addColumn('approved', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('first_changed_at', instant, (c) => c.notNull())
    .addColumn('last_changed_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('approval_changes_changed_idx').on('approval_changes').columns(['last_changed_at', 'activity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('approval_changes').execute();
}
