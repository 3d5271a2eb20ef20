import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The shipped entry points as `npm start` and the db scripts run them: the build in dist/ (made
// fresh by test/helpers/build.ts), plain node, no tsx. Each test names its own SQLite file.
const dir = mkdtempSync(join(tmpdir(), 'temadag-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sqlite = (name: string) => `sqlite:${join(dir, name)}`;

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH, DATABASE_URL: sqlite('temadag.sqlite'), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm start (dist/src/server.js)', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/temadag' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('stops with one line naming the bad variable (%o)', async (env, variable) => {
    const { code, stderr } = await finished(run('dist/src/server.js', [], env));
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`bad configuration: ${variable}: `);
  });

  it('stops with a clear message when the database cannot be opened', async () => {
    writeFileSync(join(dir, 'not-a-directory'), '');
    const { code, stderr } = await finished(run('dist/src/server.js', [], { DATABASE_URL: `sqlite:${join(dir, 'not-a-directory', 'db.sqlite')}` }));
    expect(code).not.toBe(0);
    expect(stderr).toContain('cannot open or migrate the database');
  });

  it('migrates, loads the demo, serves pages, catalogues and static files, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = run('dist/src/server.js', [], { PORT: String(port), DATABASE_URL: sqlite('served.sqlite') });
    const done = finished(child);
    const origin = `http://127.0.0.1:${port}`;
    let health: Response | undefined;
    for (let attempt = 0; attempt < 100 && !health; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await fetch(`${origin}/health`).catch(() => undefined);
    }
    expect(health?.status).toBe(200);
    await health!.text();
    const list = (await (await fetch(`${origin}/api/v1/activities?edition=2019&limit=1`)).json()) as { total: number };
    expect(list.total).toBe(260);
    // What dist/ does not hold, read from the package: the templates, both catalogues, public/
    // and Leaflet in node_modules.
    const english = await fetch(`${origin}/?lang=en`);
    expect(english.status).toBe(200);
    expect(await english.text()).toContain('Skip to content');
    expect(await (await fetch(`${origin}/?lang=sv`)).text()).toContain('Hoppa till innehållet');
    // Bodies read to the end: a response left unread keeps its connection busy, and the server
    // waits for it when it closes.
    for (const [path, content] of [['/static/site.css', ':root'], ['/static/karta.js', 'L.map'], ['/static/leaflet/leaflet.js', 'Leaflet']] as const) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain(content);
    }
    child.kill('SIGTERM');
    const { code, stdout, stderr } = await done;
    expect(code, `${stdout}${stderr}`).toBe(0);
  });
});

describe('db scripts (dist/src/cli/db.js)', () => {
  it('backs up the SQLite database online into a file that holds the same data', async () => {
    const source = { DATABASE_URL: sqlite('source.sqlite') };
    expect((await finished(run('dist/src/cli/db.js', ['seed'], source))).code).toBe(0);
    const file = join(dir, 'backup.sqlite');
    const { code, stdout } = await finished(run('dist/src/cli/db.js', ['backup', file], source));
    expect(code).toBe(0);
    expect(stdout).toContain(file);
    const check = await finished(run('dist/src/cli/db.js', ['seed'], { DATABASE_URL: `sqlite:${file}` }));
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('already has editions');
  });

  it('explains its usage for an unknown command', async () => {
    const { code, stderr } = await finished(run('dist/src/cli/db.js', ['frobnicate'], {}));
    expect(code).toBe(2);
    expect(stderr).toContain('usage:');
  });
});
