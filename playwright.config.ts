import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

// The back end's worker threads run the bundled worker the app ships (out/main/backendWorker.js, built with the
// renderer by `npm run build`), not the TypeScript source through tsx: that is what the app runs, and a thread starts
// in ≈3 s instead of ≈15 s on a busy machine (main/backend/local.ts workerEntry).
const bundledWorker = resolve(import.meta.dirname, 'out/main/backendWorker.js');
if (!process.env.ISP_BACKEND_WORKER && existsSync(bundledWorker)) process.env.ISP_BACKEND_WORKER = bundledWorker;

// Browser tests run the built renderer (npm run build) in Debian's Chromium against the web harness; each test
// gets its own harness and a fresh database file (test/e2e/fixtures.ts). Never `npx playwright install`.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 2,
  // One retry in CI: a loaded 2-core machine can miss a timing once; a real fault fails twice.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    headless: true,
    // A trace is recorded on the retry of a failed test, not for every test: recording every test (DOM snapshots and a
    // screencast at each step) took the run from 3.4 to 5.6 minutes on a 2-core machine, CPU-bound. Locally (no retry)
    // `npm run test:e2e -- --trace retain-on-failure` records one.
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
