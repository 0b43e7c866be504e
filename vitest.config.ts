import { defineConfig } from 'vitest/config';

// Unit and integration tests only; Playwright specs (test/e2e/*.spec.ts) are run by `playwright test`.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // better-sqlite3 is a native module: separate processes are the safe isolation for it.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    environment: 'node',
  },
});
