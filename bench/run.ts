import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { scenarios } from './scenarios.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// A part of a scenario's name, to measure only those scenarios while working on them.
const ONLY = process.env.BENCH_ONLY;

interface Measurement {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: string;
}

async function measure(url: string, headers: Record<string, string>, duration = DURATION): Promise<Measurement> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration, headers });
  const statuses = Object.entries({ '2xx': result['2xx'], '304': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] })
    .filter(([, n]) => n > 0)
    .map(([k]) => k)
    .join(',');
  return { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx - result['3xx'], statuses };
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
const ports: { app: number; baseline: number } = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
const app = `http://127.0.0.1:${ports.app}`;

const rows: string[] = [];
const tails: string[] = [];
try {
  for (const scenario of scenarios.filter((s) => !ONLY || s.name.includes(ONLY))) {
    const first = await fetch(app + scenario.path, { headers: scenario.headers });
    if (first.status !== 200) throw new Error(`${scenario.path} answered ${first.status}`);
    const size = Buffer.byteLength(await first.text());
    const headers: Record<string, string> = { ...scenario.headers };
    if (scenario.revalidate) {
      const etag = first.headers.get('etag');
      if (!etag) throw new Error(`${scenario.path} sent no ETag`);
      headers['if-none-match'] = etag;
    }
    const bodySize = scenario.revalidate ? 0 : size;
    const baselineUrl = `http://127.0.0.1:${ports.baseline}/baseline${scenario.revalidate ? '' : `?path=${encodeURIComponent(scenario.path)}`}`;
    await measure(app + scenario.path, headers, 1);
    const measured = await measure(app + scenario.path, headers);
    await measure(baselineUrl, {}, 1);
    const base = await measure(baselineUrl, {});
    const ratio = measured.requests / base.requests;
    console.log(`${scenario.name}: ${measured.requests.toFixed(0)} req/s vs baseline ${base.requests.toFixed(0)} (${(ratio * 100).toFixed(0)} %), p99 ${measured.p99} ms`);
    rows.push(
      `| ${scenario.name} | \`${scenario.path}\` | ${bodySize} | ${measured.requests.toFixed(0)} | ${measured.p50} | ${measured.p99} | ${base.requests.toFixed(0)} | ${base.p99} | ${(ratio * 100).toFixed(0)} % | ${measured.statuses}${measured.errors ? `, ${measured.errors} errors` : ''} |`,
    );
    if (scenario.headers) {
      // The same bytes after the same CPU time per answer as the app spent (one process, saturated):
      // the latency any Node server shows at this load, for the app's to be read against.
      const burn = 1000 / measured.requests;
      const busyUrl = `${baselineUrl}&burn=${burn.toFixed(2)}`;
      await measure(busyUrl, {}, 1);
      const busy = await measure(busyUrl, {});
      console.log(`  a bare route spending ${burn.toFixed(1)} ms of CPU: p50 ${busy.p50} ms, p99 ${busy.p99} ms`);
      tails.push(`| ${scenario.name} | ${burn.toFixed(1)} | ${measured.p50} | ${measured.p99} | ${busy.p50} | ${busy.p99} |`);
    }
  }
} finally {
  child.kill('SIGTERM');
}

const report = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version},
autocannon on loopback, ${CONNECTIONS} connections, ${DURATION} s per scenario after a 1 s warm-up, demo data on SQLite.
The baseline is a bare Fastify route answering, from memory, the same bytes the app answered (an empty body for
304s) in the same run: the ceiling for Node on this machine. Ratio = the app's requests/s ÷ the baseline's. Latencies in milliseconds.
Each scenario repeats one URL, so after the first answer the app serves it from its response cache
(src/plugins/response-cache.ts), as it does for the many visitors who open the same town page. The
scenarios marked "uncached" send a session cookie, which keeps them out of that cache: they show
the cost of querying the database and rendering every time.

| scenario | path | body bytes | req/s | p50 | p99 | baseline req/s | baseline p99 | ratio | answers |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

The uncached scenarios keep the one process busy: ${CONNECTIONS} clients always wait for it, and their
latency is mostly the wait. To tell the app's share from Node's, the baseline answers the same bytes again
after spending, in a busy loop, the CPU time per answer the app spent (1 s ÷ its requests/s):

| scenario | ms of CPU per answer | p50 | p99 | busy baseline p50 | busy baseline p99 |
|---|---:|---:|---:|---:|---:|
${tails.join('\n')}
`;
if (ONLY) console.log('BENCH_ONLY is set: bench/RESULTS.md left as it was');
else {
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  console.log('bench/RESULTS.md written');
}
