import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { TEST_NOW, testConfig } from '../helpers/app.js';
import { createTestDatabase, prepareTestDatabase } from '../helpers/database.js';
import { type WireAnswer, overTheWire } from '../helpers/wire.js';

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

describe('the access log', () => {
  it('writes one line per request, made or kept: method, path, status, time and the bytes sent', async () => {
    const path = '/orter/umea?edition=2019';
    const seen: (WireAnswer & { line: Line })[] = [];
    const ask = async (url: string, options: { method?: string; headers?: Record<string, string> } = {}) => {
      const before = lines.length;
      const answer = await overTheWire(`${origin}${url}`, options);
      await expect.poll(() => lines.length).toBe(before + 1);
      seen.push({ ...answer, line: lines.at(-1)! });
      expect(lines.at(-1)).toMatchObject({ level: 30, method: options.method ?? 'GET', url, status: answer.status });
      return answer;
    };
    // Made, then kept: a plain GET, a HEAD, a compressed copy, a 304.
    const first = await ask(path);
    await ask(path);
    await ask(path, { method: 'HEAD' });
    await ask(path, { headers: { 'accept-encoding': 'br' } });
    await ask(path, { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(app.responseCacheStats()).toMatchObject({ misses: 1, hits: 4 });
    await ask('/api/v1/towns?edition=2019');
    await ask('/api/v1/towns?edition=2019');
    await ask('/ingen-sida-alls');
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 304, 200, 200, 404]);
    // The bytes are the body's as it went out: compressed where it was, none for a 304.
    const [rendered, kept, head, compressed, notModified] = seen;
    expect(rendered!.line.bytes).toBe(rendered!.body.length);
    expect(kept!.line.bytes).toBe(rendered!.body.length);
    expect(head!.body.length).toBe(0);
    expect(compressed!.line.bytes).toBe(compressed!.body.length);
    expect(compressed!.body.length).toBeLessThan(rendered!.body.length / 2);
    expect(notModified!.line.bytes).toBe(0);
    for (const { line } of seen) {
      expect(line.ms).toBeGreaterThanOrEqual(0);
      expect(line.reqId).toMatch(/^req-/);
    }
  });
});
