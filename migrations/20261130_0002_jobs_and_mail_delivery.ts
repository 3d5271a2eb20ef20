import { type Kysely, sql } from 'kysely';
import { instantType, oneOf, withIdColumn } from './dialect.js';

// Frozen with this migration.
const JOB_STATUSES = ['queued', 'running', 'done', 'failed'];
const MAIL_STATUSES = ['pending', 'sent', 'failed'];

/**
 * Work done outside requests, shared by every instance on the database:
 * - jobs: one row per job; an instance claims a due one by taking its lease (lease_owner,
 *   lease_until) and keeps it while it works, so no two run the same job; a lease that runs out
 *   (the instance died) lets another take the job again. unique_key makes a scheduled job's run
 *   for a time slot, or an import of one upload, exist once however many instances ask.
 * - the outbox becomes a queue: mails are written in the same transaction as the change they
 *   tell of, and a sender delivers them with retries, each claimed the same way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await withIdColumn(db, db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', instant, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', instant)
    .addColumn('progress', 'text')
    .addColumn('result', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('finished_at', instant)
    .addCheckConstraint('jobs_status_check', oneOf('status', JOB_STATUSES))
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .alterTable('outbox')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(oneOf('status', MAIL_STATUSES)))
    .execute();
  await db.schema.alterTable('outbox').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('next_attempt_at', instant).execute();
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_until', instant).execute();
  await db.schema.alterTable('outbox').addColumn('sent_at', instant).execute();
  await db.schema.alterTable('outbox').addColumn('last_error', 'text').execute();
  // A mail that must go out once, whoever asks for it (a reminder): the same key is refused.
  await db.schema.alterTable('outbox').addColumn('dedupe_key', 'text').execute();
  await db.schema.createIndex('outbox_dedupe_idx').on('outbox').column('dedupe_key').unique().execute();
  await sql`update outbox set next_attempt_at = created_at`.execute(db);
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_due_idx').execute();
  await db.schema.dropIndex('outbox_dedupe_idx').execute();
  for (const column of ['dedupe_key', 'last_error', 'sent_at', 'claimed_until', 'claimed_by', 'next_attempt_at', 'attempts', 'status']) {
    await db.schema.alterTable('outbox').dropColumn(column).execute();
  }
  await db.schema.dropTable('jobs').execute();
}
