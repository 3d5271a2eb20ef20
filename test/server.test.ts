import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real entry points as `npm start` and the db scripts run them, on a throwaway SQLite file.
const dir = mkdtempSync(join(tmpdir(), 'temadag-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(dir, 'temadag.sqlite')}`, LOG_LEVEL: 'warn', ...env },
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

describe('npm start (src/server.ts)', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/temadag' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('stops with one line naming the bad variable (%o)', async (env, variable) => {
    const { code, stderr } = await finished(run('src/server.ts', [], env));
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`bad configuration: ${variable}: `);
  });

  it('stops with a clear message when the database cannot be opened', async () => {
    writeFileSync(join(dir, 'not-a-directory'), '');
    const { code, stderr } = await finished(run('src/server.ts', [], { DATABASE_URL: `sqlite:${join(dir, 'not-a-directory', 'db.sqlite')}` }));
    expect(code).not.toBe(0);
    expect(stderr).toContain('cannot open or migrate the database');
  });

  it('migrates, loads the demo, serves, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = run('src/server.ts', [], { PORT: String(port) });
    const done = finished(child);
    let health: Response | undefined;
    for (let attempt = 0; attempt < 100 && !health; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    }
    expect(health?.status).toBe(200);
    const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/activities?edition=2019&limit=1`)).json()) as { total: number };
    expect(list.total).toBe(260);
    child.kill('SIGTERM');
    const { code } = await done;
    expect(code).toBe(0);
  });
});

describe('db scripts (src/cli/db.ts)', () => {
  it('backs up the SQLite database online into a file that holds the same data', async () => {
    const file = join(dir, 'backup.sqlite');
    const { code, stdout } = await finished(run('src/cli/db.ts', ['backup', file], {}));
    expect(code).toBe(0);
    expect(stdout).toContain(file);
    const check = await finished(run('src/cli/db.ts', ['seed'], { DATABASE_URL: `sqlite:${file}` }));
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('already has editions');
  });

  it('explains its usage for an unknown command', async () => {
    const { code, stderr } = await finished(run('src/cli/db.ts', ['frobnicate'], {}));
    expect(code).toBe(2);
    expect(stderr).toContain('usage:');
  });
});
