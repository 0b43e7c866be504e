import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { choose, createCustomer, dialog } from './ui-helpers';

test('payments and one-time invoices on the Billing tab show up in Finance; CSV export downloads', async ({ page }) => {
  test.setTimeout(90_000);
  const id = await createCustomer(page, { name: 'Paying Customer', status: 'Active' });
  await page.goto(`/#/customers/${id}/billing`);
  await expect(page.getByText('No invoices yet')).toBeVisible();

  // one-time invoice with a line
  await page.getByRole('button', { name: 'One-time invoice' }).first().click();
  let d = dialog(page);
  await d.getByLabel('Line 1 description').fill('Router installation');
  await d.getByLabel('Line 1 amount').fill('50.00');
  await d.getByRole('button', { name: 'Create invoice' }).click();
  await expect(d).toBeHidden();
  const invoices = page.getByRole('table', { name: 'Invoices' });
  await expect(invoices).toContainText('50.00');
  await expect(invoices).toContainText('Unpaid');

  // invoice view with its lines, printable
  await invoices.getByRole('button', { name: /^View invoice/ }).first().click();
  d = dialog(page);
  await expect(page.getByTestId('document-view')).toContainText('Router installation');
  await expect(page.getByTestId('document-view').getByTestId('invoice-total')).toContainText('50.00');
  await expect(d.getByRole('button', { name: 'Print / PDF' })).toBeVisible();
  await d.getByRole('button', { name: 'Close' }).click();

  // a payment: a bad amount is refused beside the field, then 20.00 is recorded
  await page.getByRole('button', { name: 'Add payment' }).first().click();
  d = dialog(page);
  await d.getByLabel('Amount').fill('20.001');
  await d.getByRole('button', { name: 'Add payment' }).click();
  await expect(d.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
  await d.getByLabel('Amount').fill('20.00');
  await choose(page, d, 'Method', 'Bank transfer');
  await d.getByLabel('Reference').fill('TX-1');
  await d.getByRole('button', { name: 'Add payment' }).click();
  await expect(d).toBeHidden();
  await expect(invoices).toContainText('Partially paid');
  await page.getByRole('tab', { name: /Payments/ }).click();
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('TX-1');
  await page.getByRole('tab', { name: 'Ledger' }).click();
  await expect(page.getByRole('table', { name: 'Ledger' })).toContainText('-30.00');

  // Finance: across customers
  await page.goto('/#/finance/invoices');
  await expect(page.getByRole('table', { name: 'Invoices' })).toContainText('Paying Customer');
  await expect(page.getByTestId('finance-totals')).toContainText('50.00');
  await choose(page, page, 'Status', 'Partially paid');
  await expect(page.getByRole('table', { name: 'Invoices' })).toContainText('Paying Customer');
  await choose(page, page, 'Status', 'Paid');
  await expect(page.getByText('No invoices match')).toBeVisible();
  // the export holds what the list shows: with the status filter on, no invoice
  const none = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const noneCsv = readFileSync(await (await none).path(), 'utf8').trim().split('\r\n');
  expect(noneCsv).toEqual(['Number,Date,Due date,Customer ID,Customer,Kind,Net,VAT,Total,Paid,Status']);

  await page.getByRole('tab', { name: 'Payments' }).click();
  await expect(page).toHaveURL(/#\/finance\/payments$/);
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('TX-1');
  await page.getByLabel('Search').fill('no-such-reference');
  await expect(page.getByText('No payments match')).toBeVisible();
  await page.getByLabel('Search').fill('');
  // The export takes the filters the list shows: wait until the cleared search has reached it (it is debounced).
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('TX-1');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv).toContain('TX-1');

  await page.getByRole('tab', { name: 'Credit notes' }).click();
  await expect(page.getByText('No credit notes match')).toBeVisible();
});
