import { toRecord } from '../db/records.js';
import type { Activity, ImportUploadTable } from '../db/types.js';
import type { ActivityChildren } from './activity-writes.js';
import type { Executor } from '../db/executor.js';

/** Ids per query: well inside the bound-parameter limits of SQLite (32 766) and PostgreSQL (65 535). */
const CHUNK = 1000;

/** An organizer's activities of an edition that carry their own reference (earlier imports), by reference. */
export async function activitiesByExternalRef(db: Executor, organizerId: number, editionId: number): Promise<Map<string, Activity>> {
  const rows = await db
    .selectFrom('activities')
    .selectAll()
    .where('organizer_id', '=', organizerId)
    .where('edition_id', '=', editionId)
    .where('external_ref', 'is not', null)
    .execute();
  return new Map(rows.map((row) => [row.external_ref!, toRecord(row)]));
}

/** Audiences, topics and languages of many activities at once, by activity id. */
export async function childrenOfActivities(db: Executor, ids: readonly number[]): Promise<Map<number, ActivityChildren>> {
  const children = new Map<number, ActivityChildren>(ids.map((id) => [id, { audiences: [], topics: [], languages: [] }]));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const [audiences, topics, languages] = await Promise.all([
      db.selectFrom('activity_audiences').select(['activity_id', 'audience']).where('activity_id', 'in', chunk).orderBy('audience').execute(),
      db.selectFrom('activity_topics').select(['activity_id', 'topic']).where('activity_id', 'in', chunk).orderBy('topic').execute(),
      db.selectFrom('activity_languages').select(['activity_id', 'language']).where('activity_id', 'in', chunk).orderBy('language').execute(),
    ]);
    for (const r of audiences) children.get(r.activity_id)!.audiences.push(r.audience);
    for (const r of topics) children.get(r.activity_id)!.topics.push(r.topic);
    for (const r of languages) children.get(r.activity_id)!.languages.push(r.language);
  }
  return children;
}

/** Every town with what an import file may call it. */
export function townNames(db: Executor) {
  return db.selectFrom('towns').select(['id', 'name', 'slug']).execute();
}

export async function insertUpload(db: Executor, upload: ImportUploadTable): Promise<void> {
  await db.insertInto('import_uploads').values(upload).execute();
}

/** Takes a live upload of the account out of the table; undefined when there is none (expired, already applied, someone else's). */
export function claimUpload(db: Executor, tokenHash: string, accountId: number, now: string) {
  return db
    .deleteFrom('import_uploads')
    .where('token_hash', '=', tokenHash)
    .where('account_id', '=', accountId)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteExpiredUploads(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('import_uploads').where('expires_at', '<=', now).execute();
}
