import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { collectErrors, dialog } from './ui-helpers';

// The customer statement (issue 18 item 13) from the customer page: "Statement" → pick the dates → the statement
// with its rows and totals → printable (only the document under print media). And the document-only route that PDF
// files are printed from (issue 19 part 2). Business date: 2024-03-15.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

test('Statement on the customer page: pick dates, see rows and totals, print only the document', async ({ page, request }) => {
  const errors = collectErrors(page);
  const c = await rpc<{ id: number }>(request, 'customers.create', { name: 'Stella Statement', status: 'active' });
  await rpc(request, 'billing.addPayment', { customerId: c.id, amount: 3000, date: '2024-02-20', reference: 'FEB-1' });
  await rpc(request, 'billing.addPayment', { customerId: c.id, amount: 1250, date: '2024-03-02', reference: 'MAR-1' });
  const invoice = await rpc<{ number: string }>(request, 'billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router installation', amount: 8000 }] });

  await page.goto(`/#/customers/${c.id}`);
  await expect(page.getByTestId('customer-balance')).toHaveText('-37.50');
  await page.getByRole('button', { name: 'Statement' }).click();
  const d = dialog(page);
  await expect(d.getByRole('button', { name: 'Print / PDF' })).toBeDisabled();
  await d.getByLabel('From').fill('2024-03-01');
  await d.getByLabel('From').press('Enter');
  await d.getByLabel('To').fill('2024-03-15');
  await d.getByLabel('To').press('Enter');
  await d.getByRole('button', { name: 'Show statement' }).click();

  const doc = d.getByTestId('document-view');
  await expect(doc.getByTestId('statement-period')).toHaveText('Period: 2024-03-01 – 2024-03-15');
  await expect(doc.getByTestId('statement-opening')).toHaveText('30.00');
  const rows = doc.getByTestId('statement-rows').locator('tbody tr');
  await expect(rows).toHaveCount(3); // the opening line, the payment, the invoice
  await expect(rows.nth(1)).toContainText('2024-03-02');
  await expect(rows.nth(1)).toContainText('Payment MAR-1');
  await expect(rows.nth(1)).toContainText('42.50');
  await expect(rows.nth(2)).toContainText(`Invoice ${invoice.number}`);
  await expect(rows.nth(2)).toContainText('80.00');
  await expect(doc.getByTestId('statement-debits')).toHaveText('80.00');
  await expect(doc.getByTestId('statement-credits')).toHaveText('12.50');
  // up to today: the closing balance is the customer's balance
  await expect(doc.getByTestId('statement-closing')).toHaveText('-37.50');

  // Print: under print media only the document's copy is shown, not the page or the dialog.
  await expect(d.getByRole('button', { name: 'Print / PDF' })).toBeEnabled();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-root')).toBeVisible();
  await expect(page.locator('.print-root')).toContainText('Closing balance');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await d.getByRole('button', { name: 'Close' }).click();
  await expect(d).toBeHidden();
  expect(errors).toEqual([]);
});

test('the document-only route shows one document and says when it is ready', async ({ page, request }) => {
  const c = await rpc<{ id: number }>(request, 'customers.create', { name: 'Ivo Invoice', status: 'active' });
  const invoice = await rpc<{ number: string }>(request, 'billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Cable 20 m', amount: 1999 }] });
  await page.goto(`/#/print/invoice/${encodeURIComponent(invoice.number)}`);
  await expect(page.locator('body')).toHaveAttribute('data-print-state', 'ready');
  await expect(page.getByTestId('print-document')).toContainText(`Invoice ${invoice.number}`);
  await expect(page.getByTestId('print-document')).toContainText('Cable 20 m');
  await expect(page.getByRole('navigation')).toHaveCount(0); // no shell around it
  await page.goto('/#/print/invoice/NO-SUCH');
  await expect(page.locator('body')).toHaveAttribute('data-print-state', 'error');
  await expect(page.getByText('Invoice NO-SUCH not found')).toBeVisible();
});
