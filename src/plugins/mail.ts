import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Mailer, createMailer } from '../mail/mailer.js';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

/** The app's mailer: SMTP from SMTP_URL, else the outbox table (read at /dev/outbox outside production). */
export default fp(
  async (app: FastifyInstance) => {
    app.decorate('mailer', createMailer({ smtpUrl: app.config.smtpUrl, from: app.config.mailFrom, db: app.db }));
  },
  { name: 'mail' },
);
