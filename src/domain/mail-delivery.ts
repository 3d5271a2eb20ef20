import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { claimDueMail, markMailFailed, markMailSent } from '../repositories/outbox.js';

export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface MailSenderOptions {
  transport: MailTransport;
  from: string;
  /** The instance's name on its claims. */
  owner: string;
  log: { warn(details: object, message: string): void };
  now?: () => Date;
}

const BATCH = 20;
const CLAIM_MS = 2 * 60_000;
/** Pauses after the 1st, 2nd, ... failure: from 30 s to 6 h, about two days of tries in all. */
const RETRY_AFTER_S = [30, 60, 300, 900, 1800, 3600, 7200, 14_400, 21_600, 21_600, 21_600, 21_600];

/**
 * Delivers the outbox: claims due mails (another instance skips them while the claim holds),
 * sends each, and records the outcome only while it still holds the claim. A failed mail is tried
 * again later, with growing pauses; an SMTP outage therefore delays mail and loses none.
 */
export async function deliverDueMail(db: Kysely<DB>, options: MailSenderOptions): Promise<number> {
  const now = options.now ?? (() => new Date());
  let sent = 0;
  for (;;) {
    const start = now();
    const mails = await claimDueMail(db, {
      by: options.owner,
      now: start.toISOString(),
      until: new Date(start.getTime() + CLAIM_MS).toISOString(),
      limit: BATCH,
    });
    if (mails.length === 0) return sent;
    for (const mail of mails) {
      try {
        await options.transport.sendMail({ from: options.from, to: mail.recipient, subject: mail.subject, text: mail.body });
        await markMailSent(db, mail.id, options.owner, now().toISOString());
        sent++;
      } catch (error) {
        const pause = RETRY_AFTER_S[mail.attempts];
        options.log.warn({ err: error, mail: mail.id, attempt: mail.attempts + 1 }, pause ? 'mail not delivered; will retry' : 'mail not delivered; giving up');
        await markMailFailed(db, mail.id, options.owner, {
          error: error instanceof Error ? error.message : String(error),
          retryAt: pause === undefined ? null : new Date(now().getTime() + pause * 1000).toISOString(),
        });
      }
    }
  }
}
