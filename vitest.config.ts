import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests need Chromium and Java; they run with `npm run test:browser`.
    exclude: ['test/browser/**', 'node_modules/**'],
    globalSetup: ['test/helpers/build.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
