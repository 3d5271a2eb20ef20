import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { TEST_NOW, testConfig } from '../helpers/app.js';
import { createTestDatabase, prepareTestDatabase } from '../helpers/database.js';

interface Line {
  level: number;
  method: string;
  url: string;
  status: number;
  ms: number;
  bytes: number;
  reqId: string;
}

const lines: Line[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Line);
    done();
  },
});

let database: Database;
let drop: () => Promise<void>;
let app: Awaited<ReturnType<typeof buildApp>>;
let origin: string;
beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
  app = await buildApp({ config: testConfig, database, logger: pino({ level: 'info' }, sink), clock: () => TEST_NOW });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await drop();
});

/** One request over a real socket, as a client sees it: status, headers and the bytes of the body. */
function fetchRaw(path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
    httpRequest(`${origin}${path}`, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the access log', () => {
  it('writes one line per request, made or kept: method, path, status, time and the bytes sent', async () => {
    const path = '/orter/umea?edition=2019';
    const seen: { status: number; bytes: number; line: Line }[] = [];
    // Made, then kept: a plain GET, a HEAD, a compressed copy, a 304.
    const first = await fetchRaw(path);
    const requests: [string, { method?: string; headers?: Record<string, string> }][] = [
      [path, {}],
      [path, {}],
      [path, { method: 'HEAD' }],
      [path, { headers: { 'accept-encoding': 'br' } }],
      [path, { headers: { 'if-none-match': String(first.headers.etag) } }],
      ['/api/v1/towns?edition=2019', {}],
      ['/api/v1/towns?edition=2019', {}],
      ['/ingen-sida-alls', {}],
    ];
    for (const [url, options] of requests) {
      const before = lines.length;
      const answer = await fetchRaw(url, options);
      await expect.poll(() => lines.length).toBe(before + 1);
      seen.push({ ...answer, line: lines.at(-1)! });
      expect(lines.at(-1)).toMatchObject({ level: 30, method: options.method ?? 'GET', url, status: answer.status });
    }
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 304, 200, 200, 404]);
    // The bytes are the body's as it went out: compressed where it was, none for a 304.
    const [made, kept, head, compressed, notModified] = seen;
    expect(made!.line.bytes).toBe(made!.bytes);
    expect(kept!.line.bytes).toBe(made!.bytes);
    expect(head!.bytes).toBe(0);
    expect(compressed!.line.bytes).toBe(compressed!.bytes);
    expect(compressed!.bytes).toBeLessThan(made!.bytes / 2);
    expect(notModified!.line.bytes).toBe(0);
    for (const { line } of seen) {
      expect(line.ms).toBeGreaterThanOrEqual(0);
      expect(line.reqId).toMatch(/^req-/);
    }
  });
});
