import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { setAppState } from '../../db/appState';
import { openDatabase } from '../../db/open';
import { fixedClock } from '../../main/app/context';
import { startWebHarness, type WebHarness } from '../../main/hosts/web';

// Every test gets its own web harness on a random port and a fresh database file, so tests never share state
// and can run in parallel. `businessDate` pins the harness clock (override with test.use({ businessDate })).
// `trainingClock: true` makes the database a demo database whose business date starts at `businessDate` and
// moves only with the training clock (days.advance), so a test can walk a story day by day through the UI.
// `staffAuth: true` starts the harness as the app runs for staff: sign-in required (tested in auth.spec.ts); the
// other screens' tests run as an implicit administrator.

export const test = base.extend<{ businessDate: string; trainingClock: boolean; staffAuth: boolean; harness: WebHarness }>({
  businessDate: ['2024-03-15', { option: true }],
  trainingClock: [false, { option: true }],
  staffAuth: [false, { option: true }],
  harness: async ({ businessDate, trainingClock, staffAuth }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'isp-e2e-'));
    const dbFile = join(dir, 'test.sqlite');
    if (trainingClock) {
      const db = openDatabase(dbFile);
      setAppState(db, 'demo', true);
      setAppState(db, 'businessDateOverride', businessDate);
      db.sqlite.close();
    }
    const harness = await startWebHarness({ dbFile, port: 0, clock: trainingClock ? undefined : fixedClock(businessDate), staffAuth });
    try {
      await use(harness);
    } finally {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ harness }, use) => use(harness.url),
});

export { expect };
