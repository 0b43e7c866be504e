import { readFileSync } from 'node:fs';
import { rpc } from './change-plan-helpers';
import { expect, test } from './fixtures';
import { choose } from './ui-helpers';

// Issue 18 item 13 (first half): Finance → Ledger, every entry across customers, filtered, paged, exported as CSV.
// Issue 19 part 4: Config → System → "Copy diagnostics".

test.use({ businessDate: '2025-05-20' });

test('Finance → Ledger: filter by kind and amount, page, export exactly the filtered entries', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await rpc(page, 'system.createDemo', { customers: 40, seed: 4 });
  await page.goto('/#/finance/ledger');
  const table = page.getByRole('table', { name: 'Ledger' });
  const totals = page.getByTestId('ledger-totals');
  await expect(totals).toContainText(/^\d+ entries/);
  const all = Number((await totals.textContent())!.split(' ')[0]);
  expect(all).toBeGreaterThan(50);

  await choose(page, page, 'Kind', 'Payment');
  await page.getByLabel('Amount from').fill('10.00');
  await expect(totals).not.toContainText(`${all} entries`);
  const filtered = await rpc(page, 'finance.ledger', { kind: 'payment', minAmount: 1000, page: 1, pageSize: 50 });
  await expect(totals).toContainText(`${filtered.total} entries`);
  await expect(table.locator('tbody tr').first()).toContainText('Payment');

  // the second page (50 a page) shows the next entries, in the server's order
  expect(filtered.total).toBeGreaterThan(50);
  const second = await rpc(page, 'finance.ledger', { kind: 'payment', minAmount: 1000, page: 2, pageSize: 50 });
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(table.locator('tbody tr').first()).toContainText(second.rows[0].customerName);
  await expect(table.locator('tbody tr')).toHaveCount(second.rows.length);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('ledger-2025-05-20.csv');
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('Date,Customer ID,Customer,Kind,Document,Description,Debit,Credit,Balance after');
  expect(lines).toHaveLength(filtered.total + 1);
  for (const l of lines.slice(1)) expect(l).toContain(',Payment,');
});

test('Config → System: Copy diagnostics copies version, schema and OS, no secret', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await rpc(page, 'routers.save', { title: 'Core', nasIp: '10.0.0.1', authMethod: 'pppRadius', secret: 'Sup3rRadiusSecret' });
  await page.goto('/#/config/system');
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByText('Diagnostics copied to the clipboard')).toBeVisible();
  const shown = page.getByTestId('diagnostics-text');
  await expect(shown).toContainText('Schema version:');
  await expect(shown).toContainText(/^ISP Back Office \d+\.\d+\.\d+/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Schema version:');
  expect(copied).toContain(`OS: ${process.platform}`);
  expect(copied).not.toContain('Sup3rRadiusSecret');
});
