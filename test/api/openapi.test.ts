import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

const run = promisify(execFile);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

describe('GET /api/openapi.json', () => {
  it('serves an OpenAPI 3.1 document that Redocly lints clean with its recommended rules', async () => {
    const response = await t.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');

    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, response.body);
      const redocly = resolve('node_modules/.bin/redocly');
      // Exit status 1 means errors were found; the report says which.
      const output = await run(redocly, ['lint', file, '--format=json', '--extends=recommended'], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }));
      const report = JSON.parse(output.stdout) as LintReport;
      const errors = report.problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents every public GET route of the API and the feeds, and no HTML page', async () => {
    const { paths } = (await t.app.inject('/api/openapi.json')).json();
    for (const path of [
      '/api/v1/activities',
      '/api/v1/activities/{id}',
      '/api/v1/editions',
      '/api/v1/towns',
      '/api/v1/municipalities',
      '/api/v1/counties',
      '/api/v1/organizers',
      '/api/v1/organizers/{slug}',
      '/api/v1/statistics',
      '/feeds/activities.ics',
      '/orter/{slug}.ics',
      '/arrangorer/{slug}.ics',
      '/aktiviteter/{id}.ics',
      '/feeds/activities.atom',
      '/data/{edition}/activities.csv',
      '/data/{edition}/activities.json',
    ]) {
      expect(paths[path]?.get, path).toBeDefined();
      const operation = paths[path].get;
      expect(operation.tags?.length, path).toBeGreaterThan(0);
      expect(operation.summary, path).toBeTruthy();
      expect(operation.description, path).toBeTruthy();
      // The list of editions is never missing: before the first it is empty.
      const statuses = path === '/api/v1/editions' ? ['200', '400'] : ['200', '400', '404'];
      expect(Object.keys(operation.responses).sort(), path).toEqual(statuses);
      for (const status of statuses.filter((s) => s !== '200')) {
        expect(operation.responses[status].content['application/json'].schema, `${path} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        // Each error says when it is sent, not @fastify/swagger's "Default Response".
        expect(operation.responses[status].description, `${path} ${status}`).toMatch(/^[A-Z].{20,}\.$/);
      }
      for (const parameter of operation.parameters ?? []) expect(parameter.example ?? parameter.examples, `${path} ${parameter.name}`).toBeDefined();
    }
    expect(Object.keys(paths).filter((p) => !/^\/(api|feeds|data)\//.test(p) && !p.endsWith('.ics') && p !== '/health')).toEqual([]);
  });
});
