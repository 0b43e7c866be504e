import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { openDatabase } from '../../db/open';
import type { WorkKind } from '../../main/contract/system';
import { generateIsp } from '../../main/demo/generate';
import { startWebHarness } from '../../main/hosts/web';

// Issue 20 item 1: with the back end in its worker threads (as the app and `npm run web` run it), a billing day in
// the writer shows its progress in a corner while the window stays usable — a customer search answers meanwhile.
// The writer is held inside the billing day (its step gate) until the search has answered: no timing involved.

test('a billing day shows its progress while a customer search answers', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'isp-e2e-worker-'));
  const dbFile = join(dir, 'demo.sqlite');
  const db = openDatabase(dbFile);
  // a demo database whose every customer bills on the 1st; the training clock stands on 2025-07-01, days before run
  generateIsp(db, { customers: 400, seed: 5, today: '2025-07-01', months: 1, billingDay: 1, usageDays: 1, demo: true });
  const someone = db.sqlite.prepare("SELECT name FROM customers WHERE status = 'active' ORDER BY id DESC LIMIT 1").get() as { name: string };
  db.close();
  let release!: () => void;
  const released = new Promise<void>((ok) => (release = ok));
  let held = false;
  const gate = async (kind: WorkKind) => {
    if (kind !== 'billingDay' || held) return;
    held = true;
    await released;
  };
  const harness = await startWebHarness({ dbFile, port: 0, backend: 'worker', betweenSteps: gate });
  try {
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
    await page.getByTestId('header-business-date').click();
    await page.getByRole('button', { name: 'Next day' }).click();
    const progress = page.getByTestId('progress-billingDay');
    await expect(progress).toHaveText(/^0 of \d{3} customers invoiced$/);
    await expect(page.getByRole('status', { name: 'Work in progress' })).toContainText('Billing day 2025-07-01');
    await page.keyboard.press('Escape');
    // the writer is inside the day's transaction: the search is answered by the reader meanwhile
    await page.getByRole('searchbox', { name: 'Search' }).fill(someone.name);
    await expect(page.getByRole('row').filter({ hasText: someone.name }).first()).toBeVisible();
    await expect(progress).toBeVisible();
    release();
    await expect(progress).toBeHidden();
    await expect(page.getByTestId('header-business-date')).toHaveText('2025-07-02');
  } finally {
    release();
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
