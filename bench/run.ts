import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { DAY_WORDS, type Scenario, scenarios } from './scenarios.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
// The one-URL scenarios measure the app and its baseline in turns, this many each (see interleaved()).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// wrk takes whole seconds.
const ROUND_SECONDS = Math.max(1, Math.round(DURATION / ROUNDS));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// A part of a scenario's name, to measure only those scenarios while working on them.
const ONLY = process.env.BENCH_ONLY;
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The day's mix, over many URLs: autocannon, which can pick each request's path. */
async function measureMix(url: string, headers: Record<string, string>, duration: number, paths: () => string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers,
    requests: [{ setupRequest: (request: { path: string }) => ({ ...request, path: paths() }) }],
  } as autocannon.Options);
  return { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, fivexx: result['5xx'] };
}

interface WrkMeasurement {
  requests: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx and 3xx, and failed connections, reads, writes and timeouts. */
  errors: number;
  /** µs of the server's CPU time per answer: its process's user and system time while wrk ran, ÷ the answers. */
  cpuPerAnswer: number;
}

const execFileAsync = promisify(execFile);
/** wrk's reading of a time ("812.00us", "6.67ms", "1.20s"), in milliseconds. */
const wrkMillis = (text: string) => {
  const [, amount, unit] = /([\d.]+)(us|ms|s|m)\b/.exec(text)!;
  return Number(amount) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit as 'us' | 'ms' | 's' | 'm'];
};

/**
 * One URL for `seconds` with wrk, one thread: written in C, it spends a fraction of the CPU per
 * answer that autocannon does. With autocannon on this two-core machine the load generator was the
 * bottleneck for small answers: it took more CPU per answer than the server, and how much more
 * depended on how the server's answers happened to be timed, so the ratios measured the client.
 */
async function wrk(server: Server, url: string, headers: Record<string, string>, seconds: number): Promise<WrkMeasurement> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url];
  const cpuBefore = await serverCpu(server);
  const { stdout } = await execFileAsync('wrk', args);
  const cpu = (await serverCpu(server)) - cpuBefore;
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).map(Number) ?? [];
  const total = number(/(\d+) requests in/);
  return {
    requests: number(/Requests\/sec:\s+([\d.]+)/),
    p50: wrkMillis(/50%\s+(\S+)/.exec(stdout)![1]!),
    p99: wrkMillis(/99%\s+(\S+)/.exec(stdout)![1]!),
    errors: number(/Non-2xx or 3xx responses: (\d+)/) + socketErrors.reduce((sum, n) => sum + n, 0),
    cpuPerAnswer: cpu / Math.max(1, total),
  };
}

async function serverCpu(server: Server): Promise<number> {
  const { user, system } = await json<{ user: number; system: number }>(`${server.baseline}/cpu`);
  return user + system;
}

interface Server {
  app: string;
  baseline: string;
  child: ChildProcess;
}

/**
 * The bench server (bench/server.ts) in a child process of its own. Its access log goes where a
 * server's would, into a file: here one of its own, removed when the server stops.
 */
async function startServer(env: Record<string, string>): Promise<Server> {
  const logs = mkdtempSync(join(tmpdir(), 'temadag-bench-log-'));
  const log = openSync(join(logs, 'access.log'), 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts'], { stdio: ['ignore', log, 'inherit', 'ipc'], env: { ...process.env, ...env } });
  closeSync(log);
  child.once('exit', () => rmSync(logs, { recursive: true, force: true }));
  const ports: { app: number; baseline: number } = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { app: number; baseline: number }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { app: `http://127.0.0.1:${ports.app}`, baseline: `http://127.0.0.1:${ports.baseline}`, child };
}

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

/** One answer as it came over the wire: fetch() would ask for compression and unpack it. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes }));
    }).on('error', reject);
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
};
const percent = (ratio: number) => (ratio * 100).toFixed(0);

/**
 * The app and its baseline in turns, ROUNDS times ROUND_SECONDS each, rather than each once for
 * DURATION: this machine's speed drifts by a fifth within seconds (other tenants of the host), and a
 * ratio of two runs ten seconds apart measured the drift as much as the app. Each round's ratio
 * compares neighbours; the scenario's ratio is their median, and the range is shown.
 */
async function interleaved(server: Server, appUrl: string, headers: Record<string, string>, baselineUrl: string) {
  const apps: WrkMeasurement[] = [];
  const baselines: WrkMeasurement[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Which goes first alternates, so neither is always the one measured after the other's load.
    const [first, second] = round % 2 ? [baselineUrl, appUrl] : [appUrl, baselineUrl];
    const a = await wrk(server, first, first === appUrl ? headers : {}, ROUND_SECONDS);
    const b = await wrk(server, second, second === appUrl ? headers : {}, ROUND_SECONDS);
    apps.push(first === appUrl ? a : b);
    baselines.push(first === appUrl ? b : a);
  }
  const combined = (runs: WrkMeasurement[]): WrkMeasurement => ({
    requests: median(runs.map((r) => r.requests)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    cpuPerAnswer: median(runs.map((r) => r.cpuPerAnswer)),
  });
  return {
    app: combined(apps),
    baseline: combined(baselines),
    ratios: apps.map((a, i) => a.requests / baselines[i]!.requests),
    cpuRatios: apps.map((a, i) => baselines[i]!.cpuPerAnswer / a.cpuPerAnswer),
  };
}

const ms = (value: number) => value.toFixed(1);

/** One URL at a time against the bare route serving the same bytes. */
async function singleUrls(server: Server) {
  const rows: string[] = [];
  const tails: string[] = [];
  for (const scenario of scenarios.filter((s: Scenario) => !ONLY || s.name.includes(ONLY))) {
    const first = await rawGet(server.app + scenario.path, scenario.headers);
    if (first.status !== 200) throw new Error(`${scenario.path} answered ${first.status}`);
    const headers: Record<string, string> = { ...scenario.headers };
    if (scenario.revalidate) {
      const etag = first.headers.etag;
      if (typeof etag !== 'string') throw new Error(`${scenario.path} sent no ETag`);
      headers['if-none-match'] = etag;
    }
    const encoding = first.headers['content-encoding'];
    const bodySize = scenario.revalidate ? 0 : first.bytes;
    const query = new URLSearchParams(scenario.revalidate ? {} : { path: scenario.path, ...(typeof encoding === 'string' ? { encoding } : {}) });
    const baselineUrl = `${server.baseline}/baseline?${query}`;
    const answered = (await rawGet(server.app + scenario.path, headers)).status;
    await wrk(server, server.app + scenario.path, headers, 1);
    await wrk(server, baselineUrl, {}, 1);
    const { app: measured, baseline: base, ratios, cpuRatios } = await interleaved(server, server.app + scenario.path, headers, baselineUrl);
    const ratio = median(ratios);
    const range = `${percent(Math.min(...ratios))}–${percent(Math.max(...ratios))}`;
    const cpuRatio = median(cpuRatios);
    console.log(
      `${scenario.name}: ${measured.requests.toFixed(0)} req/s vs baseline ${base.requests.toFixed(0)} (${percent(ratio)} %, rounds ${range} %), ` +
        `CPU ${measured.cpuPerAnswer.toFixed(0)} vs ${base.cpuPerAnswer.toFixed(0)} µs per answer (${percent(cpuRatio)} %), p50 ${ms(measured.p50)} ms, p99 ${ms(measured.p99)} ms`,
    );
    const plain = encoding ? ` (of ${(await rawGet(server.app + scenario.path)).bytes})` : '';
    rows.push(
      `| ${scenario.name} | \`${scenario.path}\` | ${bodySize}${plain} | ${measured.requests.toFixed(0)} | ${ms(measured.p50)} | ${ms(measured.p99)} | ${base.requests.toFixed(0)} | ${ms(base.p99)} | ${percent(ratio)} % | ${range} % | ${measured.cpuPerAnswer.toFixed(0)} / ${base.cpuPerAnswer.toFixed(0)} | ${percent(cpuRatio)} % | ${answered}${measured.errors ? `, ${measured.errors} errors` : ''} |`,
    );
    if (scenario.uncached) {
      // The same bytes after the same CPU time per answer as the app spent (one process, saturated):
      // the latency any Node server shows at this load, for the app's to be read against.
      // Waiting is measured in one run of the whole duration: in a short round, the first answers on
      // the clients' fifty new connections, which queue behind one another, are most of the slowest hundredth.
      const whole = await wrk(server, server.app + scenario.path, headers, DURATION);
      const burn = measured.cpuPerAnswer / 1000;
      const busyUrl = `${baselineUrl}&burn=${burn.toFixed(2)}`;
      await wrk(server, busyUrl, {}, 1);
      const busy = await wrk(server, busyUrl, {}, DURATION);
      console.log(`  in one run: p50 ${ms(whole.p50)} ms, p99 ${ms(whole.p99)} ms; a bare route spending ${burn.toFixed(1)} ms of CPU: p50 ${ms(busy.p50)} ms, p99 ${ms(busy.p99)} ms`);
      tails.push(`| ${scenario.name} | ${burn.toFixed(1)} | ${ms(whole.p50)} | ${ms(whole.p99)} | ${(whole.p99 / whole.p50).toFixed(1)} | ${ms(busy.p50)} | ${ms(busy.p99)} |`);
    }
  }
  return { rows, tails };
}

/** The day: a mix of what visitors and partners ask for, over many URLs, while organizers save and coordinators approve. */
async function day(server: Server, label: string): Promise<string> {
  const towns = (await json<{ items: { slug: string }[] }>(`${server.app}/api/v1/towns?edition=2019`)).items.map((t) => t.slug);
  const ids = (await json<{ items: { id: number }[] }>(`${server.app}/api/v1/activities?edition=2019&limit=200`)).items.map((a) => a.id);
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  const mix: [number, () => string][] = [
    [10, () => '/'],
    [30, () => `/orter/${pick(towns)}?edition=2019`],
    [25, () => `/aktiviteter/${pick(ids)}`],
    [15, () => `/aktiviteter?edition=2019&q=${encodeURIComponent(pick(DAY_WORDS))}`],
    [10, () => `/api/v1/activities?edition=2019&limit=50&town=${pick(towns)}`],
    [10, () => `/orter/${pick(towns)}.ics?edition=2019`],
  ];
  const total = mix.reduce((sum, [weight]) => sum + weight, 0);
  const paths = () => {
    let roll = Math.random() * total;
    for (const [weight, path] of mix) if ((roll -= weight) < 0) return path();
    return '/';
  };
  // Every URL of the mix asked once or more, as by the morning of the day.
  await measureMix(server.app, { 'accept-encoding': 'br, gzip' }, 5, paths);
  const before = await json<{ hits: number; misses: number }>(`${server.baseline}/stats`);
  const writesBefore = await json<{ saves: number; approvals: number; failures: number }>(`${server.baseline}/writes`);
  const measured = await measureMix(server.app, { 'accept-encoding': 'br, gzip' }, DURATION, paths);
  const after = await json<{ hits: number; misses: number }>(`${server.baseline}/stats`);
  const writes = await json<{ saves: number; approvals: number; failures: number }>(`${server.baseline}/writes`);
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  const hitRate = (hits / Math.max(1, hits + misses)) * 100;
  console.log(`day (${label}): ${measured.requests.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, hit rate ${hitRate.toFixed(1)} %, 5xx ${measured.fivexx}, saves ${writes.saves - writesBefore.saves}, failed writes ${writes.failures}`);
  return `| ${label} | ${measured.requests.toFixed(0)} | ${measured.p50} | ${measured.p99} | ${hitRate.toFixed(1)} % | ${measured.fivexx} | ${writes.saves - writesBefore.saves} | ${writes.approvals - writesBefore.approvals} | ${writes.failures} |`;
}

/** Load on `path` until `until` settles: its p50, p99 and longest wait. */
async function loadUntil(url: string, headers: Record<string, string>, until: Promise<unknown>) {
  let finish!: (result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const instance = autocannon({ url, connections: 10, duration: 600, headers }, (_error, result) => finish(result));
  await until;
  instance.stop();
  const result = await done;
  return { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, fivexx: result['5xx'] };
}

/** A 5 000-row import while visitors ask for /health and a rendered town page and an organizer saves a form. */
async function besideImport(server: Server, label: string): Promise<string> {
  const page = { url: `${server.app}/orter/umea?edition=2019`, headers: { cookie: 'sid=bench-visitor-without-a-session' } };
  // The first answers of a fresh process (connections to open, code to compile) are not the import's doing.
  await Promise.all([`${server.app}/health`, page.url].map((url) => autocannon({ url, connections: 10, duration: 2, headers: url === page.url ? page.headers : {} })));
  const imported = json<{ applied: boolean; importMs: number; saves: number; maxSaveMs: number }>(`${server.baseline}/import-beside?rows=5000`);
  const [health, rendered, result] = await Promise.all([loadUntil(`${server.app}/health`, {}, imported), loadUntil(page.url, page.headers, imported), imported]);
  if (!result.applied) throw new Error('the import was not applied');
  console.log(`beside an import (${label}): import ${result.importMs} ms; /health p99 ${health.p99} max ${health.max} ms; page p99 ${rendered.p99} max ${rendered.max} ms; ${result.saves} saves, longest ${result.maxSaveMs} ms`);
  return `| ${label} | ${(result.importMs / 1000).toFixed(1)} | ${health.p50} / ${health.p99} / ${health.max} | ${rendered.p50} / ${rendered.p99} / ${rendered.max} | ${health.fivexx + rendered.fivexx} | ${result.saves} | ${result.maxSaveMs} |`;
}

async function postgresReachable(): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const stop = (server: Server) => new Promise((resolve) => server.child.once('exit', resolve).kill('SIGTERM'));

try {
  await execFileAsync('wrk', ['--version']);
} catch (error) {
  // wrk prints its version and exits with 1; only a missing program has no output.
  if ((error as { code?: unknown }).code === 'ENOENT') throw new Error('npm run bench needs wrk on the PATH (Debian: apt-get install wrk)');
}

let single: { rows: string[]; tails: string[] };
const days: string[] = [];
const imports: string[] = [];
{
  const server = await startServer({});
  try {
    single = await singleUrls(server);
  } finally {
    await stop(server);
  }
}
if (!ONLY || 'day'.includes(ONLY)) {
  for (const [label, env] of [
    ['SQLite', {}],
    ['PostgreSQL', { BENCH_DATABASE_URL: POSTGRES }],
  ] as const) {
    if (label === 'PostgreSQL' && !(await postgresReachable())) {
      days.push(`| PostgreSQL | not reachable at ${POSTGRES} | | | | | | | |`);
      continue;
    }
    const server = await startServer({ ...env, BENCH_WRITES: '1' });
    try {
      days.push(await day(server, label));
    } finally {
      await stop(server);
    }
    const quiet = await startServer(env);
    try {
      imports.push(await besideImport(quiet, label));
    } finally {
      await stop(quiet);
    }
  }
}

const report = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version},
on loopback, ${CONNECTIONS} connections, ${DURATION} s per scenario after a warm-up, demo data: wrk (one thread) for
one URL at a time, autocannon for the day's mix and the loads beside the import.
The app runs as shipped: access log on (one line per request at \`info\`, to the server's standard output, here a file), response cache, compression.

## The day

A mix over many URLs of the 2019 programme: 10 % home, 30 % town pages (${'all towns'}), 25 % activity pages,
15 % searches (${DAY_WORDS.length} different words), 10 % API pages (by town), 10 % town calendar feeds, with
\`Accept-Encoding: br, gzip\`, while an organizer's form saves a published activity every second and a coordinator
approves a submitted one every five seconds (bench/server.ts). Hit rate: answers from the response cache ÷ all
cacheable answers, during the measured seconds.

| database | req/s | p50 | p99 | cache hit rate | 5xx | saves | approvals | failed writes |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${days.join('\n')}

## Beside a large import

A 5 000-row import (the command's and the import job's batched writing) into 2027, while 10 connections
ask for \`/health\`, 10 for a town page rendered afresh (a session cookie keeps it out of the cache), and an
organizer saves a form every 100 ms; the two loads run 2 s before the import starts, so a fresh process's first
answers are not counted. The import takes its turns behind the visitors' requests (src/turns.ts), so under this
load it takes longer than alone. Latencies p50 / p99 / longest, in milliseconds.

| database | import s | /health | rendered page | 5xx | saves | longest save ms |
|---|---:|---:|---:|---:|---:|---:|
${imports.join('\n')}

## One URL at a time, against a bare route serving the same bytes

SQLite, with wrk. The baseline is a bare Fastify route answering, from memory, the same bytes the app answered, headers
and body (an empty answer for 304s, the same compressed bytes where the client asked for compression), in the
same run: the ceiling for Node on this machine. A page goes out with sixteen headers (its security policy,
language, validators); a baseline sending two made the ratios of small answers look lower than they are. The app
and its baseline take turns, ${ROUNDS} rounds of ${ROUND_SECONDS} s each: this machine's speed drifts by a fifth
within seconds, and two runs ten seconds apart measured the drift as much as the app. Ratio = the median of the
rounds' ratios of the app's requests/s to the baseline's, with their range beside it; requests/s and latencies
(in milliseconds) are the medians of the rounds. "Server µs" is the server process's CPU time (user and system)
per answer, the app's and the baseline's, and "CPU ratio" the baseline's ÷ the app's: what each answer costs the
server, whoever else shares the machine. The load comes from wrk: autocannon, on this two-core machine, spent
more CPU per answer than the server did, so for small answers it was the bottleneck, and how much it spent changed
with the timing of the server's answers; its ratios measured the client as much as the server. Each
scenario repeats one URL, so after the first answer the app serves it from its response cache, as it does for
the many visitors who open the same town page. The scenarios marked "uncached" send a session cookie, which keeps
them out of that cache: they show the cost of querying the database and rendering every time. Where the client
asked for compression, "body bytes" gives the compressed size and, in brackets, the plain one.

| scenario | path | body bytes | req/s | p50 | p99 | baseline req/s | baseline p99 | ratio | ratio by round | server µs | CPU ratio | answers |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${single.rows.join('\n')}

The uncached scenarios keep the one process busy: ${CONNECTIONS} clients always wait for it, and their
latency is mostly the wait. The baseline answers the same bytes again after spending, in a busy loop, the CPU
time per answer the app's process spent. Both are measured here in one run of ${DURATION} s: in the
short rounds above, the first answers on the clients' new connections, which queue behind one another, make up
most of the slowest hundredth. The busy baseline shows how Node waits by default: it accepts one new
connection per turn of its event loop, and a turn runs every request read, so the last clients to connect wait
a whole turn per connection ahead of them. The app's requests take turns instead (src/plugins/turns.ts), so
waiting is about even:

| scenario | ms of CPU per answer | p50 | p99 | p99 ÷ p50 | busy baseline p50 | busy baseline p99 |
|---|---:|---:|---:|---:|---:|---:|
${single.tails.join('\n')}
`;
if (ONLY) console.log('BENCH_ONLY is set: bench/RESULTS.md left as it was');
else {
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  console.log('bench/RESULTS.md written');
}
