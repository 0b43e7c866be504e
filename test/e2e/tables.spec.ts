import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { openDatabase } from '../../db/open';
import { fixedClock } from '../../main/app/context';
import { generateIsp } from '../../main/demo/generate';
import { startWebHarness, type WebHarness } from '../../main/hosts/web';
import { expectTablesFit, WIDTHS } from './layout-helpers';

// Issue 18 item 3: the main tables at the two window sizes staff use (1440×900 and 1024×768), on a generated ISP with
// six months of history: no column off-screen, no header, badge or cell cut, no date broken over two lines.

const TODAY = '2024-03-15';

const test = base.extend<object, { isp: { harness: WebHarness; busy: number; quarterly: number } }>({
  isp: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'isp-tables-'));
      const dbFile = join(dir, 'isp.sqlite');
      const db = openDatabase(dbFile);
      generateIsp(db, { customers: 60, today: TODAY, usageDays: 2 });
      const one = (sql: string) => (db.sqlite.prepare(sql).get() as { id: number }).id;
      // The customer with the most invoices (long billing lists), and one with a service billed every 3 months.
      const busy = one('SELECT customer_id AS id FROM invoices GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1');
      const quarterly = one("SELECT customer_id AS id FROM services WHERE pay_period_months > 1 AND status = 'active' ORDER BY customer_id LIMIT 1");
      db.sqlite.close();
      const harness = await startWebHarness({ dbFile, port: 0, clock: fixedClock(TODAY) });
      await use({ harness, busy, quarterly });
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

test.setTimeout(180_000);

for (const size of WIDTHS) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('customers, plans, tickets, plan changes and finance lists fit', async ({ page, isp }) => {
      const url = isp.harness.url;
      for (const [hash, what] of [
        ['#/customers', 'customer list'],
        ['#/plans/internet', 'tariff plans'],
        ['#/tickets', 'tickets'],
        ['#/changes', 'plan changes'],
        ['#/finance/invoices', 'finance invoices'],
        ['#/finance/payments', 'finance payments'],
        ['#/finance/creditNotes', 'finance credit notes'],
        ['#/finance/ledger', 'finance ledger'],
      ] as const) {
        await page.goto(new URL(hash, url).href);
        // Tickets and plan changes may be empty in the generated ISP: their table still renders its headers (the
        // empty state sits inside it), so every list is checked the same way — never by waiting for network idle,
        // which the push stream (GET /events, always open) can keep from settling.
        await expectTablesFit(page, what);
      }
      // An empty list keeps its headers whole (the columns do not collapse around the empty state).
      await page.goto(new URL('#/customers', url).href);
      await page.getByLabel('Search').fill('no such customer anywhere');
      await expect(page.getByText('No customers match the filters')).toBeVisible();
      await expectTablesFit(page, 'empty customer list');
    });

    test("a customer's services and billing fit, the price says how it is billed", async ({ page, isp }) => {
      const url = isp.harness.url;
      await page.goto(new URL(`#/customers/${isp.quarterly}/services`, url).href);
      const internet = page.getByTestId('services-internet');
      await expect(internet.locator('table')).toBeVisible({ timeout: 30_000 });
      await expectTablesFit(page, 'services');
      // Status and every action stay on screen (the change-plan icon included)
      const row = internet.getByRole('row').nth(1);
      await expect(row.getByRole('button', { name: 'Change plan' })).toBeInViewport();
      await expect(row.getByRole('button', { name: /^Delete service/ })).toBeInViewport();
      await expect(internet.getByRole('columnheader', { name: 'Status' })).toBeInViewport();
      // item 8: a monthly price billed every N months, never "/3 mo"
      await expect(page.getByText(/billed every \d+ months/).first()).toBeVisible();
      await expect(page.getByText(/\/\d+ mo\b/)).toHaveCount(0);

      await page.goto(new URL(`#/customers/${isp.busy}/billing`, url).href);
      await expect(page.getByRole('tab', { name: /^Invoices/ })).toBeVisible();
      await expectTablesFit(page, 'billing invoices');
      for (const tab of [/^Payments/, /^Ledger/, /^Credit notes/]) {
        await page.getByRole('tab', { name: tab }).click();
        const table = page.locator('main table:visible');
        if ((await table.count()) > 0) await expectTablesFit(page, `billing ${tab.source}`);
      }
      await page.goto(new URL(`#/customers/${isp.busy}/log`, url).href);
      await expectTablesFit(page, 'log');
    });
  });
}
