import type { Kysely } from 'kysely';
import { instantType } from './dialect.js';

/**
 * Which activity a copy was made from, so the copy page can say what is already in this year's
 * programme and refuse to copy it twice. A table of its own rather than a column on activities: the
 * link is bookkeeping, not something the programme shows. Copies made before this migration are
 * found in the audit log, where copying has always recorded `copied_from`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const instant = instantType(db);
  await db.schema
    .createTable('activity_copies')
    .addColumn('copy_id', 'integer', (c) => c.primaryKey().references('activities.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activity_copies_source_idx').on('activity_copies').columns(['source_id', 'copy_id']).execute();

  const logged = await db
    .selectFrom('audit_log')
    .select(['entity_id', 'changes', 'created_at'])
    .where('entity_type', '=', 'activity')
    .where('action', '=', 'create')
    .where('changes', 'like', '%"copied_from"%')
    .orderBy('id')
    .execute();
  for (const entry of logged as { entity_id: number; changes: string; created_at: string }[]) {
    const source = (JSON.parse(entry.changes) as { copied_from?: [unknown, unknown] }).copied_from?.[1];
    if (typeof source !== 'number') continue;
    const exists = await db.selectFrom('activities').select('id').where('id', 'in', [entry.entity_id, source]).execute();
    if (exists.length !== 2) continue;
    await db
      .insertInto('activity_copies')
      .values({ copy_id: entry.entity_id, source_id: source, created_at: entry.created_at })
      .onConflict((oc) => oc.column('copy_id').doNothing())
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity_copies').execute();
}
