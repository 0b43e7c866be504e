import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { setAppState } from '../../db/appState';
import { openDatabase } from '../../db/open';
import { fixedClock } from '../../main/app/context';
import type { WorkKind } from '../../main/contract/system';
import { startWebHarness } from '../../main/hosts/web';

// Issue 18 item 12: the start-up catch-up of missed days and a restore show their steps instead of a frozen window.
// The harness holds the work at a step (its betweenSteps gate) until the test has seen it, then lets it go.

/** Holds the next step of a kind of work once, until released. */
function stepGate() {
  const armed = new Set<WorkKind>();
  const waiting = new Map<WorkKind, () => void>();
  return {
    arm: (kind: WorkKind) => void armed.add(kind),
    release: (kind: WorkKind) => waiting.get(kind)?.(),
    gate: (kind: WorkKind) =>
      armed.delete(kind) ? new Promise<void>((ok) => waiting.set(kind, ok)) : Promise.resolve(),
  };
}

base('a harness 12 days behind shows the catch-up day by day, then the app; a restore shows its steps', async ({ page }) => {
  base.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'isp-e2e-progress-'));
  const dbFile = join(dir, 'behind.sqlite');
  const db = openDatabase(dbFile);
  setAppState(db, 'scheduler.lastProcessedDay', '2024-03-02');
  db.close();
  const steps = stepGate();
  steps.arm('catchUp');
  const harness = await startWebHarness({ dbFile, port: 0, clock: fixedClock('2024-03-15'), scheduler: true, betweenSteps: steps.gate });
  try {
    await page.goto(harness.url);
    const catchUp = page.getByTestId('progress-catchUp');
    await expect(catchUp).toHaveText('Day 1 of 12: 2024-03-03');
    await expect(page.getByRole('status', { name: 'Work in progress' })).toContainText('Processing the days since the app last ran');
    steps.release('catchUp');
    await expect(catchUp).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();

    // A restore: held at its first step, then done.
    await page.goto(`${harness.url}#/config/backups`);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByRole('button', { name: /^Restore isp-back-office-.*-manual\.sqlite$/ }).click();
    const d = page.getByRole('dialog');
    await expect(d.getByText('The file passed its check')).toBeVisible();
    steps.arm('restore');
    await d.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(page.getByTestId('progress-restore')).toHaveText('Step 1 of 4: Checking the backup');
    steps.release('restore');
    await expect(page.getByTestId('progress-restore')).toBeHidden();
    await expect(page.getByText(/^Restored from .*manual\.sqlite\./)).toBeVisible();
  } finally {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
