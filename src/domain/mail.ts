import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { type Lang, type Vars, t } from '../i18n/index.js';
import { insertOutboxMail } from '../repositories/outbox.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** A mail from the catalogue: mail.<name>.subject and mail.<name>.body in the reader's language. */
export function composeMail(lang: Lang, name: string, to: string, vars: Vars): Mail {
  return { to, subject: t(lang, `mail.${name}.subject`, vars), text: t(lang, `mail.${name}.body`, vars) };
}

/**
 * Puts a mail in the outbox inside the transaction of the change it tells of: it goes out if and
 * only if the change commits, and the sender (src/jobs/mail-sender.ts) delivers it with retries,
 * so a mail server that is down delays it and fails nobody's request. A `dedupeKey` makes it go
 * out once, however often it is asked for (false when it was already queued).
 */
export function queueMail(trx: Transaction<DB>, mail: Mail, now: Date, dedupeKey?: string): Promise<boolean> {
  return insertOutboxMail(trx, { recipient: mail.to, subject: mail.subject, body: mail.text, now: now.toISOString(), dedupeKey });
}
