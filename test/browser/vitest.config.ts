import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser checks (axe-core in Chromium, the Nu HTML checker, 320 px reflow, keyboard).
 * Their files end in .browser.ts so the main suite's include pattern leaves them out:
 * they need Chromium and Java and run as their own step, `npm run test:browser`.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/browser/**/*.browser.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
