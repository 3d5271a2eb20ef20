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

// The ceiling: Fastify answering a constant body of the requested size, no database, no templates.
const baseline = Fastify({ logger: false });
const bodies = new Map<number, string>();
baseline.get<{ Querystring: { size: string } }>('/baseline', async (request, reply) => {
  const size = Number(request.query.size);
  let body = bodies.get(size);
  if (body === undefined) bodies.set(size, (body = 'x'.repeat(size)));
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
