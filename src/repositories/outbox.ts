import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

export function insertOutboxMail(db: Db, mail: { recipient: string; subject: string; body: string; now: string }) {
  return db
    .insertInto('outbox')
    .values({ recipient: mail.recipient, subject: mail.subject, body: mail.body, created_at: mail.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Newest first; optionally only one recipient's. */
export function listOutbox(db: Db, options: { recipient?: string; limit: number }) {
  let query = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.recipient) query = query.where('recipient', '=', options.recipient);
  return query.execute();
}
