import { type Kysely, sql } from 'kysely';
import { instantType, oneOf } from './dialect.js';

// Frozen once landed: the enumerations are copied here, not imported.
const HELD = ['as_planned', 'changed', 'not_held'];
const AUDIENCES = ['everyone', 'elderly', 'newly_arrived', 'job_seekers', 'youth', 'parents', 'disabilities', 'small_business', 'public_sector_staff'];

/**
 * The report after the day: how many took part in an activity (in all, and optionally per
 * audience), whether it happened as planned, and a short comment. Organizers report from the day
 * after the activity until the edition's `reports_close_on` (null: 30 days after its last day).
 * The statistics and the open-data dumps show the figures: a writer records its change in the
 * change log, as for activities. A checked CSV of reports waits in report_uploads for its confirmation, as an
 * activity import waits in import_uploads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema.alterTable('editions').addColumn('reports_close_on', 'text').execute();

  await db.schema
    .createTable('activity_reports')
    .addColumn('activity_id', 'integer', (c) => c.primaryKey().references('activities.id').onDelete('cascade'))
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addColumn('held', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addCheckConstraint('activity_reports_participants_check', sql`participants >= 0`)
    .addCheckConstraint('activity_reports_held_check', oneOf('held', HELD))
    .execute();

  await db.schema
    .createTable('activity_report_audiences')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activity_reports.activity_id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_report_audiences_pk', ['activity_id', 'audience'])
    .addCheckConstraint('activity_report_audiences_audience_check', oneOf('audience', AUDIENCES))
    .addCheckConstraint('activity_report_audiences_participants_check', sql`participants >= 0`)
    .execute();

  await db.schema
    .createTable('report_uploads')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('organizer_id', 'integer', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('plan_digest', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_uploads_expires_idx').on('report_uploads').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_uploads').execute();
  await db.schema.dropTable('activity_report_audiences').execute();
  await db.schema.dropTable('activity_reports').execute();
  await db.schema.alterTable('editions').dropColumn('reports_close_on').execute();
}
