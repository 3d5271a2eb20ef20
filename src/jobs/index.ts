import type { FastifyInstance } from 'fastify';
import { purgeExpired } from '../domain/housekeeping.js';
import { IMPORT_JOB, type ImportJobPayload, runImportJob } from '../domain/import/job.js';
import { queueDueReminders } from '../domain/reminders.js';
import { deliverDueMail, smtpTransport } from './mail-sender.js';
import { JobRunner } from './runner.js';

const HOUR = 3600_000;

/** The app's jobs: what runs outside requests, on whichever instance takes it first. */
export function appJobRunner(app: FastifyInstance): JobRunner {
  const runner = new JobRunner(app.db, { log: app.log, now: () => app.now() });
  runner.define('purge', { run: () => purgeExpired(app.db, app.now()) }).schedule({ kind: 'purge', everyMs: HOUR });
  runner
    .define('reminders', { run: () => queueDueReminders(app.db, { now: app.now(), baseUrl: app.config.baseUrl }) })
    .schedule({ kind: 'reminders', everyMs: HOUR });
  runner.define(IMPORT_JOB, {
    maxAttempts: 3,
    run: ({ job, payload, progress }) =>
      runImportJob(app.db, payload as ImportJobPayload, { resuming: job.attempts > 1 && job.last_error === null, progress: (done, total) => progress({ done, total }) }),
  });
  if (app.config.smtpUrl) {
    const transport = smtpTransport(app.config.smtpUrl);
    runner.everyTick(() => deliverDueMail(app.db, { transport, from: app.config.mailFrom, owner: runner.owner, log: app.log }));
  }
  return runner;
}
