import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { findEditionById } from '../../repositories/editions.js';
import { claimUpload, deleteExpiredUploads, insertUpload } from '../../repositories/imports.js';
import { findJob, insertJob } from '../../repositories/jobs.js';
import { findOrganizerById } from '../../repositories/organizers.js';
import { hashToken } from '../accounts.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { type Actor, isCoordinator, mayActFor } from '../permissions.js';
import { transact } from '../transaction.js';
import { writePlan } from './apply.js';
import { type ImportIntent, type ImportReport, type ImportTarget, isReady, planImport } from './plan.js';

/**
 * The web page's way: the checked file waits for its confirmation, then imports as a job, which
 * writes only what the dry run showed.
 */

const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/** Keeps a checked file until it is confirmed (at most an hour); returns the token the confirmation sends back. */
export async function keepUpload(db: Kysely<DB>, target: ImportTarget & { accountId: number }, text: string, report: ImportReport): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = target.now.toISOString();
  await deleteExpiredUploads(db, now);
  await insertUpload(db, {
    token_hash: hashToken(token),
    account_id: target.accountId,
    organizer_id: target.organizer.id,
    edition_id: target.edition.id,
    intent: target.intent,
    content: text,
    plan_digest: report.digest,
    created_at: now,
    expires_at: new Date(target.now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  });
  return token;
}

/** The job kind that imports a confirmed file (src/jobs/index.ts runs it). */
export const IMPORT_JOB = 'import';

export interface ImportJobPayload {
  accountId: number;
  coordinator: boolean;
  organizerId: number;
  editionId: number;
  intent: ImportIntent;
  /** The confirmation's time: the rules (the registration window) are those of that moment. */
  now: string;
  content: string;
  /** The dry run's plan: the import writes only if planning again gives the same. */
  digest: string;
}

export type ImportJobResult =
  | { kind: 'applied'; counts: ImportReport['counts'] }
  /** Applying now would differ from the dry run (the data changed meanwhile): nothing written; a new token when it can be confirmed again. */
  | { kind: 'changed'; report: ImportReport; token?: string };

/**
 * Queues the import of a confirmed file: the upload is taken out of the table in the same
 * transaction as the job is queued, so a second confirmation finds nothing. Undefined when the
 * upload is gone (used, expired, or another account's).
 */
export async function startImport(db: Kysely<DB>, actor: Actor, token: string, now: Date): Promise<number | undefined> {
  return transact(db, async (trx) => {
    const tokenHash = hashToken(token);
    const upload = await claimUpload(trx, tokenHash, actor.accountId, now.toISOString());
    if (!upload) return undefined;
    if (!mayActFor(actor, upload.organizer_id)) throw new ForbiddenError('You may not import activities for this organizer.');
    const payload: ImportJobPayload = {
      accountId: actor.accountId,
      coordinator: isCoordinator(actor),
      organizerId: upload.organizer_id,
      editionId: upload.edition_id,
      intent: upload.intent,
      now: now.toISOString(),
      content: upload.content,
      digest: upload.plan_digest,
    };
    const job = await insertJob(trx, { kind: IMPORT_JOB, payload, uniqueKey: `${IMPORT_JOB}:${tokenHash}`, runAt: now.toISOString(), maxAttempts: 3, now: now.toISOString() });
    return job!.id;
  });
}

async function targetOf(db: Kysely<DB>, payload: ImportJobPayload): Promise<ImportTarget & { accountId: number }> {
  const [organizer, edition] = await Promise.all([findOrganizerById(db, payload.organizerId), findEditionById(db, payload.editionId)]);
  if (!organizer || !edition) throw new NotFoundError('The organizer or edition of the import is gone.');
  return { organizer, edition, intent: payload.intent, coordinator: payload.coordinator, accountId: payload.accountId, now: new Date(payload.now) };
}

/**
 * The import job: plans the file again and writes it only when the plan is the dry run's. A job
 * run again after its instance died part-way (`resuming`: its lease ran out, it did not fail)
 * finds its own rows written and writes the rest: writing by the organizer's references makes a
 * second run land where the first would have.
 */
export async function runImportJob(
  db: Kysely<DB>,
  payload: ImportJobPayload,
  options: { resuming: boolean; progress: (done: number, total: number) => Promise<void> },
): Promise<ImportJobResult> {
  const target = await targetOf(db, payload);
  const planned = await planImport(db, target, payload.content);
  if (!isReady(planned.report)) return { kind: 'changed', report: planned.report };
  if (planned.report.digest !== payload.digest && !options.resuming) {
    return { kind: 'changed', report: planned.report, token: await keepUpload(db, target, payload.content, planned.report) };
  }
  let reported = Promise.resolve();
  try {
    await writePlan(db, target, planned, (_phase, done, total) => {
      reported = reported.then(() => options.progress(done, total));
    });
    await reported;
  } catch (error) {
    // writePlan() took back what it wrote. When the data changed under the import (another import
    // added the same references, a venue was deleted), planning again shows the organizer what.
    const again = await planImport(db, target, payload.content);
    if (again.report.digest === planned.report.digest) throw error;
    return { kind: 'changed', report: again.report, token: isReady(again.report) ? await keepUpload(db, target, payload.content, again.report) : undefined };
  }
  return { kind: 'applied', counts: planned.report.counts };
}

export type ImportStatus =
  | { state: 'queued' | 'running'; done: number; total: number; target: ImportTarget }
  | { state: 'done'; result: ImportJobResult; target: ImportTarget }
  | { state: 'failed'; target: ImportTarget };

/** How the account's import job is doing; NotFoundError for a job that is not an import of this account's. */
export async function importStatus(db: Kysely<DB>, actor: Actor, jobId: number): Promise<ImportStatus> {
  const job = await findJob(db, jobId);
  const payload = job?.kind === IMPORT_JOB ? (JSON.parse(job.payload) as ImportJobPayload) : undefined;
  if (!job || !payload || (payload.accountId !== actor.accountId && !isCoordinator(actor))) throw new NotFoundError(`There is no import ${jobId}.`);
  const target = await targetOf(db, payload);
  if (job.status === 'done') return { state: 'done', result: JSON.parse(job.result!) as ImportJobResult, target };
  if (job.status === 'failed') return { state: 'failed', target };
  const progress = job.progress ? (JSON.parse(job.progress) as { done: number; total: number }) : { done: 0, total: 0 };
  return { state: job.status, ...progress, target };
}
