import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { toRecord, toRecords } from '../src/db/records.js';
import { prepareDatabase } from '../src/db/setup.js';
import { formFromActivity } from '../src/domain/activity-rules.js';
import { applyImport } from '../src/domain/import/apply.js';
import { saveActivity } from '../src/domain/activities.js';
import { approveActivities } from '../src/domain/moderation.js';
import type { Actor } from '../src/domain/permissions.js';
import { activityChildren } from '../src/repositories/activity-writes.js';

/**
 * The app and a bare baseline, in a child process so the load generator does not share an event
 * loop with them. The app logs as it does by default (one access line per request, at info) into
 * a file. BENCH_DATABASE_URL: sqlite (a fresh file, the default) or postgres (a fresh schema).
 * With BENCH_WRITES=1, an organizer saves a published activity every second and a coordinator
 * approves a submitted one every five, as on the day.
 */
const target = process.env.BENCH_DATABASE_URL ?? 'sqlite';
let databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'temadag-bench-')), 'bench.sqlite')}`;
let schema: string | undefined;
if (target.startsWith('postgres')) {
  schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  databaseUrl = target;
}
const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', BASE_URL: 'http://localhost', JOBS: 'false' });
const database = openDatabase(config.databaseUrl, { searchPath: schema });
await prepareDatabase(database, { demoData: true });
const app = await buildApp({ config, database });
await app.listen({ port: 0, host: '127.0.0.1' });

// The ceiling: Fastify answering, from memory, the very bytes the app answers for a path, its
// headers as well as its body (no database, no templates, no hooks), or an empty body without one.
// The same bytes rather than filler of the same length: on loopback with autocannon, ASCII filler
// went through twice as fast as the same length of JSON with å, ä and ö, even from a Buffer, which
// would flatter the baseline. The same headers too: a page goes out with sixteen (its security
// policy, language, validators), and writing them costs a small answer as much as its body.
const baseline = Fastify({ logger: false });
const answers = new Map<string, { body: Buffer; headers: Record<string, string | string[]> }>();
/** Made by Node for each answer, not copied. */
const OWN_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
baseline.get<{ Querystring: { path?: string; burn?: string; encoding?: string } }>('/baseline', async (request, reply) => {
  const { path = '', encoding } = request.query;
  const key = `${path} ${encoding ?? ''}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    const made = path ? await app.inject({ url: path, headers: encoding ? { 'accept-encoding': encoding } : {} }) : undefined;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(made?.headers ?? {})) if (value !== undefined && !OWN_HEADERS.has(name)) headers[name] = typeof value === 'number' ? String(value) : value;
    answers.set(key, (answer = { body: made?.rawPayload ?? Buffer.alloc(0), headers }));
  }
  // Milliseconds of CPU to spend first, as a request the app renders afresh does.
  const until = performance.now() + Number(request.query.burn ?? 0);
  while (performance.now() < until);
  return reply.headers(answer.headers).send(answer.body);
});
baseline.get('/stats', async () => app.responseCacheStats());
// The process's CPU time so far (app and baseline share it), in µs: the bench divides it by the answers given.
baseline.get('/cpu', async () => process.cpuUsage());
const writes = { saves: 0, approvals: 0, failures: 0 };
/** An organizer's form save, set up by startWriters(). */
let saveOnce: () => Promise<void>;
baseline.get('/writes', async () => writes);
baseline.get<{ Querystring: { rows?: string } }>('/import-beside', async (request) => importBeside(Number(request.query.rows ?? 5000)));
await baseline.listen({ port: 0, host: '127.0.0.1' });

await startWriters();

const port = (instance: { server: { address(): unknown } }) => (instance.server.address() as { port: number }).port;
process.send!({ app: port(app), baseline: port(baseline) });

process.on('SIGTERM', async () => {
  await Promise.all([app.close(), baseline.close()]);
  await database.close();
  if (schema) {
    const admin = new pg.Client({ connectionString: target });
    await admin.connect();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  process.exit(0);
});

/**
 * A large import (as the import command or the import job writes it) while another organizer saves
 * a form every 100 ms: how long the import took, and the longest any save waited.
 */
async function importBeside(rows: number) {
  const db = database.db;
  const organizer = toRecord(await db.selectFrom('organizers').selectAll().where('slug', '=', 'abf').executeTakeFirstOrThrow());
  const edition = toRecord(await db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow());
  const header = 'referens;titel;sammanfattning;beskrivning;datum;start;slut;format;plats;gatuadress;ort;länk;målgrupper;ämnen';
  const run = randomBytes(3).toString('hex');
  const lines = Array.from({ length: rows }, (_, i) => `bench-${run}-${i};Drop-in ${i};Vi hjälper dig med e-tjänster.;Ta med mobilen.;${edition.firstDay};13:00;15:00;På plats;ABF-huset;Storgatan 3;Umeå;;Alla;E-tjänster`);
  const text = [header, ...lines].join('\r\n');
  let importing = true;
  const saveWaits: number[] = [];
  const saving = (async () => {
    while (importing) {
      const started = performance.now();
      await saveOnce();
      saveWaits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const started = performance.now();
  const result = await applyImport(db, { organizer, edition, intent: 'draft', coordinator: true, accountId: null, now: new Date() }, text);
  const importMs = performance.now() - started;
  importing = false;
  await saving;
  return { applied: result.applied, importMs: Math.round(importMs), saves: saveWaits.length, maxSaveMs: Math.round(Math.max(...saveWaits)) };
}

/** The organizers and coordinators of the day, through the same domain calls as their forms; writing on their own with BENCH_WRITES=1. */
async function startWriters() {
  const db = database.db;
  const coordinatorId = (await db.selectFrom('accounts').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow()).id;
  const coordinator: Actor = { accountId: coordinatorId, role: 'coordinator', organizerIds: [] };
  const edition = toRecord(await db.selectFrom('editions').selectAll().where('slug', '=', '2019').executeTakeFirstOrThrow());
  const published = toRecords(await db.selectFrom('activities').selectAll().where('edition_id', '=', edition.id).where('status', '=', 'published').orderBy('id').execute());
  const noVenue = { venueName: '', venueStreetAddress: '', venuePostalCode: '', venueTownId: '', venueStepFree: false, venueHearingLoop: false, venueAccessibleToilet: false, venueAccessibleParking: false };
  const save = async () => {
    const activity = published[writes.saves % published.length]!;
    const form = formFromActivity(activity, await activityChildren(db, activity.id));
    // As a coordinator: 2019's registration window is long closed.
    const saved = await saveActivity(db, {
      actor: coordinator,
      edition,
      organizerId: activity.organizerId,
      activityId: activity.id,
      form: { ...form, capacity: String(10 + (writes.saves % 50)) },
      venueForm: noVenue,
      intent: 'draft',
      now: new Date('2019-09-01T10:00:00Z'),
    });
    if (saved.errors) throw new Error(`save refused: ${JSON.stringify(saved.errors)}`);
    writes.saves++;
  };
  const approve = async () => {
    const submitted = await db.selectFrom('activities').select('id').where('status', '=', 'submitted').limit(1).executeTakeFirst();
    if (submitted) await approveActivities(db, coordinator, [submitted.id], { baseUrl: config.baseUrl, now: new Date() });
    writes.approvals++;
  };
  saveOnce = save;
  if (process.env.BENCH_WRITES !== '1') return;
  const every = (ms: number, work: () => Promise<void>) =>
    setInterval(() => void work().catch((error: unknown) => {
      writes.failures++;
      app.log.error({ err: error }, 'bench writer failed');
    }), ms).unref();
  every(1000, save);
  every(5000, approve);
}
