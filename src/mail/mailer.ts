import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { DB } from '../db/types.js';
import { type Lang, type Vars, t } from '../i18n/index.js';
import { insertOutboxMail } from '../repositories/outbox.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** A mail from the catalogue: mail.<name>.subject and mail.<name>.body in the reader's language. */
export function composeMail(lang: Lang, name: string, to: string, vars: Vars): Mail {
  return { to, subject: t(lang, `mail.${name}.subject`, vars), text: t(lang, `mail.${name}.body`, vars) };
}

/**
 * SMTP when SMTP_URL is set; otherwise every mail lands in the outbox table, where a developer
 * (at /dev/outbox) and the tests read it. Both are asynchronous from the caller's view: the
 * domain sends only after its transaction has committed, so a failed write never sends mail.
 */
export function createMailer(options: { smtpUrl: string | null; from: string; db: Kysely<DB> }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      },
    };
  }
  return {
    async send(mail) {
      await insertOutboxMail(options.db, { recipient: mail.to, subject: mail.subject, body: mail.text, now: new Date().toISOString() });
    },
  };
}
