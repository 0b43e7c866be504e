import { fixedClock } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { expect, test } from './fixtures';
import { collectErrors, dialog } from './ui-helpers';

// Config → Backups: back up now, change something, restore the backup after checking it, data as at the backup.

test('back up now, then restore that backup with its check and a confirmation', async ({ page, harness }) => {
  const errors = collectErrors(page);
  const ctx = { db: harness.db, clock: fixedClock('2024-03-15'), actor: { kind: 'staff' as const, name: 'e2e' } };
  const first = dispatch(ctx, 'customers.create', { name: 'Before Backup', status: 'active' });
  expect(first.ok).toBe(true);

  await page.goto('/#/config/backups');
  await expect(page.getByText('No backups yet')).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/^Backup isp-back-office-.*-manual\.sqlite written/)).toBeVisible();
  await expect(page.getByRole('table').getByText('Manual', { exact: true })).toBeVisible();

  expect(dispatch(ctx, 'customers.create', { name: 'After Backup', status: 'active' }).ok).toBe(true);

  await page.getByRole('button', { name: /^Restore isp-back-office-.*-manual\.sqlite$/ }).click();
  const d = dialog(page);
  await expect(d.getByText('The file passed its check')).toBeVisible();
  await expect(d.getByText(/1 customers/)).toBeVisible();
  await d.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(d).toBeHidden();
  await expect(page.getByText(/^Restored from .*manual\.sqlite\. The data as they were just before are in/)).toBeVisible();
  await expect(page.getByRole('table').getByText('Before restore', { exact: true })).toBeVisible();

  const names = (harness.db.sqlite.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  expect(names).toEqual(['Before Backup']);

  await page.goto('/#/customers');
  await expect(page.getByRole('table').getByText('Before Backup')).toBeVisible();
  await expect(page.getByRole('table').getByText('After Backup')).toBeHidden();
  expect(errors).toEqual([]);
});
