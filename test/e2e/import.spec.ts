import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { collectErrors, dialog } from './ui-helpers';

// The CSV import wizard (issue 19), once for customers (from Customers) and once for payments (from Finance): the
// dry run gives each row a verdict and names row and column of each problem, confirming writes, the report follows.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await dialog(page).locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('customers: a refused row stops the file; the corrected file is imported', async ({ page }) => {
  const errors = collectErrors(page);
  await rpc(page.request, 'plans.create', { kind: 'internet', name: 'Home 50', price: 3000 });
  await page.goto('/#/customers');
  await page.getByRole('button', { name: 'Import customers' }).click();
  const d = dialog(page);
  await expect(d).toContainText('All or nothing');

  await chooseFile(page, 'customers.csv', 'Name,Status,Plan,Start date\nAnna Import,active,Home 50,2024-03-01\nBob Import,active,Home 50,2024-02-30\n');
  await expect(d.getByTestId('import-summary')).toContainText('Nothing was imported: 1 row of 2 refused');
  await expect(d.getByTestId('import-rows')).toContainText("row 3, column 'Start date': not a date");
  await expect(d.getByRole('button', { name: 'Correct the refused rows first' })).toBeDisabled();

  await d.getByRole('button', { name: 'Choose another file' }).click();
  await chooseFile(page, 'customers.csv', 'Name,Status,Plan,Start date\nAnna Import,active,Home 50,2024-03-01\nBob Import,active,Home 50,2024-02-29\n');
  await expect(d.getByTestId('import-summary')).toContainText('Dry run: all 2 rows would be imported');
  await d.getByRole('button', { name: 'Continue' }).click();
  await expect(d.getByTestId('import-confirm-text')).toContainText('2 rows of customers.csv will be imported');
  await d.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(d.getByTestId('import-result')).toContainText('Imported 2 customers');
  await d.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('table')).toContainText('Bob Import');
  expect(errors).toEqual([]);
});

test('payments: accepted rows are recorded, a refused row is left out, the same file again is recognised', async ({ page }) => {
  const errors = collectErrors(page);
  const ann = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ann Payer', status: 'active' });
  const bank = `Booking date;Amount;Purpose\n14.03.2024;25,00;C${ann.id} March\n2024-03-14;5,00;who is this\n`;
  await page.goto('/#/finance/payments');
  await page.getByRole('button', { name: 'Import payments' }).click();
  const d = dialog(page);
  await chooseFile(page, 'bank.csv', bank);
  await expect(d.getByTestId('import-summary')).toContainText('Dry run: 1 payment (25.00) would be recorded; 1 refused');
  await expect(d.getByTestId('import-rows')).toContainText("row 3, column 'Purpose': names no customer");
  await d.getByRole('button', { name: 'Continue' }).click();
  await d.getByRole('button', { name: 'Import 1 payment' }).click();
  await expect(d.getByTestId('import-result')).toContainText('Recorded 1 payment (25.00)');

  await d.getByRole('button', { name: 'Import another file' }).click();
  await chooseFile(page, 'bank.csv', bank);
  await expect(d.getByTestId('import-summary')).toContainText('1 already imported (skipped)');
  await expect(d.getByTestId('import-summary')).toContainText('This file was imported before');
  await expect(d.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await d.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('Ann Payer');
  expect(errors).toEqual([]);
});
