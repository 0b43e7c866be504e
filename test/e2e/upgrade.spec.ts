import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { defaultDatabasePath, SCHEMA_VERSION } from '../../db/open';
import { startSeatHarness } from '../../main/hosts/seatHarness';
import { writeSeatFile } from '../../main/shell/seatConfig';
import { makeOldSchemaFile } from '../helpers/oldSchema';

// The first start after an update: this computer's database (left by an older version) is upgraded before the back
// office opens. The window says so from its first moment instead of a bare spinner, then opens by itself.

test('the window says the database is being updated, then opens the back office by itself', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'isp-upgrade-'));
  const configFile = join(dir, 'seat.json');
  writeSeatFile(configFile, { use: 'local' });
  makeOldSchemaFile(defaultDatabasePath(dir), SCHEMA_VERSION - 1);
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  const seat = await startSeatHarness({ configFile, port: 0, mode: 'worker', holdOpen: held });
  const context = await browser.newContext({ baseURL: seat.url });
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Updating the database' })).toBeVisible();
    await expect(page.getByText(`schema ${SCHEMA_VERSION - 1} → ${SCHEMA_VERSION}`)).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Updating the database' })).toBeVisible();
    release();
    // upgraded (the copy kept, the migration run in the writer thread): the first-start sign-up of the back office
    await expect(page.getByRole('heading', { name: 'Updating the database' })).toBeHidden({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: /Create administrator|Sign in/ })).toBeVisible();
    expect(seat.seat.status()).toEqual({ mode: 'local' });
  } finally {
    release();
    await context.close();
    await seat.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
