import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type JobQueue, jobQueue } from '../domain/job-queue.js';
import type { Job } from '../domain/records.js';

/**
 * One small job runner for the work done outside requests (imports, mail, reminders, clean-ups),
 * on the database the app already has, so any number of instances share one queue: an instance
 * takes a due job by writing its lease on the row (domain/job-queue.ts), renews the lease while
 * it works, and a job whose lease runs out is taken again by another. Scheduled jobs are queued
 * once per time slot under a unique key, so several instances never run the same slot twice.
 */

export interface JobContext {
  job: Job;
  payload: unknown;
  /** Records how far the job has come, for whoever watches (and renews the lease). */
  progress(value: unknown): Promise<void>;
  /** Aborted when the lease was lost: another instance has the job now; stop writing. */
  signal: AbortSignal;
}

export interface JobKind {
  run(context: JobContext): Promise<unknown>;
  /** Runs before giving up (default 5), with growing pauses between. */
  maxAttempts?: number;
}

export interface Schedule {
  kind: string;
  everyMs: number;
  payload?: unknown;
}

export interface JobRunnerOptions {
  log: FastifyBaseLogger;
  /** How long a claim holds before another instance may take the job (default 60 s); renewed at a third of it. */
  leaseMs?: number;
  now?: () => Date;
}

export class LeaseLostError extends Error {
  constructor() {
    super('the job was taken over by another instance');
  }
}

export class JobRunner {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #queue: JobQueue;
  readonly #log: FastifyBaseLogger;
  readonly #leaseMs: number;
  readonly #now: () => Date;
  readonly #kinds = new Map<string, JobKind>();
  readonly #schedules: Schedule[] = [];
  readonly #tasks: (() => Promise<unknown>)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  /** `db`: the app's database (app.db), where the queue is. */
  constructor(db: FastifyInstance['db'], options: JobRunnerOptions) {
    this.#queue = jobQueue(db);
    this.#log = options.log;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#now = options.now ?? (() => new Date());
  }

  define(kind: string, definition: JobKind): this {
    this.#kinds.set(kind, definition);
    return this;
  }

  /** Queues `kind` once every `everyMs`, aligned to the epoch, whichever instance gets there first. */
  schedule(schedule: Schedule): this {
    this.#schedules.push(schedule);
    return this;
  }

  /** Work that is not a row in the queue but runs on every tick (the mail sender, with claims of its own). */
  everyTick(task: () => Promise<unknown>): this {
    this.#tasks.push(task);
    return this;
  }

  /** Polls every `intervalMs` until stop(); a tick never overlaps the one before. */
  start(intervalMs = 1000): void {
    this.#stopped = false;
    const tick = () => {
      this.#running = this.tick()
        .catch((error: unknown) => this.#log.error({ err: error }, 'job runner tick failed'))
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the tick under way, so a job is never cut off by the database closing. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One round: the scheduled slots queued, the per-tick tasks, then every due job. */
  async tick(): Promise<number> {
    await this.queueScheduled();
    for (const task of this.#tasks) await task();
    return this.runDue();
  }

  async queueScheduled(): Promise<void> {
    const now = this.#now();
    for (const { kind, everyMs, payload } of this.#schedules) {
      const slot = Math.floor(now.getTime() / everyMs);
      await this.#queue.add({
        kind,
        payload: payload ?? {},
        uniqueKey: `${kind}@${slot}`,
        runAt: new Date(slot * everyMs).toISOString(),
        maxAttempts: this.#kinds.get(kind)?.maxAttempts ?? 5,
        now: now.toISOString(),
      });
    }
  }

  /** Runs due jobs one after another until none is left; how many ran. */
  async runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.#now();
      const job = await this.#queue.claim({
        owner: this.owner,
        kinds: [...this.#kinds.keys()],
        now: now.toISOString(),
        until: new Date(now.getTime() + this.#leaseMs).toISOString(),
      });
      if (!job) break;
      await this.#run(job);
      ran++;
      if (this.#stopped) break;
    }
    return ran;
  }

  async #run(job: Job): Promise<void> {
    const kind = this.#kinds.get(job.kind)!;
    const lost = new AbortController();
    const renew = (progress?: unknown) =>
      this.#queue.renew(job.id, this.owner, new Date(this.#now().getTime() + this.#leaseMs).toISOString(), progress).then((held) => {
        if (!held) lost.abort(new LeaseLostError());
        return held;
      });
    const heartbeat = setInterval(() => void renew().catch(() => undefined), this.#leaseMs / 3);
    try {
      const result = await kind.run({
        job,
        payload: JSON.parse(job.payload),
        signal: lost.signal,
        progress: async (value) => {
          if (!(await renew(value))) throw new LeaseLostError();
        },
      });
      await this.#queue.finish(job.id, this.owner, { result, now: this.#now().toISOString() });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#log.warn({ job: job.id, kind: job.kind }, 'job lease lost; another instance has it');
        return;
      }
      const now = this.#now();
      const retry = job.attempts < job.max_attempts;
      this.#log.error({ err: error, job: job.id, kind: job.kind, attempt: job.attempts }, retry ? 'job failed; will retry' : 'job failed for good');
      await this.#queue.fail(job.id, this.owner, {
        error: error instanceof Error ? error.message : String(error),
        retryAt: retry ? new Date(now.getTime() + 1000 * 2 ** Math.min(job.attempts, 10)).toISOString() : null,
        now: now.toISOString(),
      });
    } finally {
      clearInterval(heartbeat);
    }
  }
}
