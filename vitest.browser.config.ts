import { defineConfig } from 'vitest/config';

// Real Chromium (Debian's, /usr/bin/chromium) and the Nu HTML checker on Java: one file at a time.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
