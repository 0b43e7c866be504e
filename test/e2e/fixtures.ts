import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { fixedClock } from '../../main/app/context';
import { startWebHarness, type WebHarness } from '../../main/hosts/web';

// Every test gets its own web harness on a random port and a fresh database file, so tests never share state
// and can run in parallel. `businessDate` pins the harness clock (override with test.use({ businessDate })).

export const test = base.extend<{ businessDate: string; harness: WebHarness }>({
  businessDate: ['2024-03-15', { option: true }],
  harness: async ({ businessDate }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'isp-e2e-'));
    const harness = await startWebHarness({ dbFile: join(dir, 'test.sqlite'), port: 0, clock: fixedClock(businessDate) });
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
