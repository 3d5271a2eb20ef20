import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { prepareDatabase } from '../src/db/setup.js';

// Runs in a child process so the load generator does not share an event loop with the servers.
const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'temadag-bench-')), 'bench.sqlite')}`;
const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', BASE_URL: 'http://localhost' });
const database = openDatabase(config.databaseUrl);
await prepareDatabase(database, { demoData: true });
const app = await buildApp({ config, database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });

// The ceiling: Fastify answering, from memory, the very bytes the app answers for a path (no
// database, no templates, no hooks), or an empty body without one. The same bytes rather than
// filler of the same length: on loopback with autocannon, ASCII filler went through twice as fast
// as the same length of JSON with å, ä and ö, even from a Buffer, which would flatter the baseline.
const baseline = Fastify({ logger: false });
const bodies = new Map<string, Buffer>();
baseline.get<{ Querystring: { path?: string; burn?: string } }>('/baseline', async (request, reply) => {
  const path = request.query.path ?? '';
  let body = bodies.get(path);
  if (body === undefined) bodies.set(path, (body = path ? (await app.inject({ url: path })).rawPayload : Buffer.alloc(0)));
  // Milliseconds of CPU to spend first, as a request the app renders afresh does.
  const until = performance.now() + Number(request.query.burn ?? 0);
  while (performance.now() < until);
  return reply.type('application/json').send(body);
});
await baseline.listen({ port: 0, host: '127.0.0.1' });

const port = (instance: { server: { address(): unknown } }) => (instance.server.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ app: port(app), baseline: port(baseline) })}\n`);

process.on('SIGTERM', async () => {
  await Promise.all([app.close(), baseline.close()]);
  await database.close();
  process.exit(0);
});
