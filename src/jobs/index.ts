import type { FastifyInstance } from 'fastify';
import { purgeExpired } from '../domain/housekeeping.js';
import { deliverDueMail, smtpTransport } from './mail-sender.js';
import { JobRunner } from './runner.js';

const HOUR = 3600_000;

/** The app's jobs: what runs outside requests, on whichever instance takes it first. */
export function appJobRunner(app: FastifyInstance): JobRunner {
  const runner = new JobRunner(app.db, { log: app.log });
  runner.define('purge', { run: () => purgeExpired(app.db, new Date()) }).schedule({ kind: 'purge', everyMs: HOUR });
  if (app.config.smtpUrl) {
    const transport = smtpTransport(app.config.smtpUrl);
    runner.everyTick(() => deliverDueMail(app.db, { transport, from: app.config.mailFrom, owner: runner.owner, log: app.log }));
  }
  return runner;
}
