import type { Kysely } from 'kysely';
import { skippingLocked } from '../db/dialect.js';
import type { DB, OutboxMail } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/** Queues a mail; with a dedupe key, only once: a second mail with the same key is dropped (false). */
export async function insertOutboxMail(
  db: Executor,
  mail: { recipient: string; subject: string; body: string; now: string; dedupeKey?: string },
): Promise<boolean> {
  const result = await db
    .insertInto('outbox')
    .values({
      recipient: mail.recipient,
      subject: mail.subject,
      body: mail.body,
      created_at: mail.now,
      next_attempt_at: mail.now,
      dedupe_key: mail.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Newest first, as the development outbox shows them; optionally only one recipient's. */
export function listOutbox(db: Executor, options: { recipient?: string; limit: number }) {
  let query = db.selectFrom('outbox').select(['id', 'recipient', 'subject', 'body', 'created_at as createdAt']).orderBy('id', 'desc').limit(options.limit);
  if (options.recipient) query = query.where('recipient', '=', options.recipient);
  return query.execute();
}

/** Takes up to `limit` due mails for one sender until `until`; another sender skips them meanwhile. */
export function claimDueMail(db: Kysely<DB>, claim: { by: string; now: string; until: string; limit: number }): Promise<OutboxMail[]> {
  return db
    .updateTable('outbox')
    .set({ claimed_by: claim.by, claimed_until: claim.until })
    .where('id', 'in', (eb) =>
      skippingLocked(
        db,
        eb
          .selectFrom('outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', claim.now)
          .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', claim.now)]))
          .orderBy('id')
          .limit(claim.limit),
      ),
    )
    .returningAll()
    .execute();
}

/** Records a delivery, if the sender still holds the mail. */
export function markMailSent(db: Executor, id: number, by: string, now: string) {
  return db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sent', sent_at: now, attempts: eb('attempts', '+', 1), claimed_by: null, claimed_until: null, last_error: null }))
    .where('id', '=', id)
    .where('claimed_by', '=', by)
    .execute();
}

/** Records a failed attempt: tried again at `retryAt`, or given up on when that is null. */
export function markMailFailed(db: Executor, id: number, by: string, failure: { error: string; retryAt: string | null }) {
  return db
    .updateTable('outbox')
    .set((eb) => ({
      status: failure.retryAt === null ? 'failed' : 'pending',
      next_attempt_at: failure.retryAt,
      attempts: eb('attempts', '+', 1),
      claimed_by: null,
      claimed_until: null,
      last_error: failure.error.slice(0, 1000),
    }))
    .where('id', '=', id)
    .where('claimed_by', '=', by)
    .execute();
}

/** Forgets delivered mail older than `before`: it holds names and single-use links. */
export async function deleteSentMailBefore(db: Executor, before: string): Promise<number> {
  const result = await db.deleteFrom('outbox').where('status', '=', 'sent').where('sent_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
