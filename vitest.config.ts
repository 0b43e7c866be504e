import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and integration tests only; Playwright specs (test/e2e/*.spec.ts) are run by `playwright test`.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // better-sqlite3 is a native module: separate processes are the safe isolation for it.
    pool: 'forks',
    // Vitest's default is one worker less than the CPUs: on a 2-core machine (CI, these workstations) that is ONE
    // worker, and most of our files wait on sockets, child processes and FreeRADIUS rather than compute. Two workers
    // there cut the run by minutes; more CPUs get as many workers as CPUs.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    environment: 'node',
  },
});
