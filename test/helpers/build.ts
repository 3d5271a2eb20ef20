import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads (tsconfig.build.json), and the file tsc writes last. */
const SOURCES = ['src', 'migrations', 'seeds'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const BUILD_INFO = 'dist/.tsbuildinfo';

function newestChange(): number {
  const files = [...CONFIGS, ...SOURCES.flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

/**
 * vitest's global setup: builds dist/ when a source is newer than the last build, so the tests
 * that run the shipped entry points (test/server.test.ts, the db and import scripts through npm)
 * run the code in front of them, never a stale build. After `npm ci`, which builds, and on every
 * run without changes since, it only compares times.
 */
export default function buildWhenStale(): void {
  if (existsSync(BUILD_INFO) && statSync(BUILD_INFO).mtimeMs >= newestChange()) return;
  const started = new Date();
  // A type error elsewhere must not stop every test: tsc still writes the JavaScript, and
  // `npm run typecheck` is where type errors fail.
  spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  // tsc leaves its build info alone when only times changed (a checkout); marking the build
  // with its start keeps the next run from building again.
  if (existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, started, started);
}
