import { rpc } from './change-plan-helpers';
import { expect, test } from './fixtures';
import { choose } from './ui-helpers';

// Issue 18 item 9: demo customers pay, so after two months on the training clock the customers list still shows a
// living ISP — most customers Active.

test.use({ trainingClock: true, businessDate: '2024-03-15' });

test('after two months on the training clock most demo customers are still active', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  const demo = await rpc(page, 'system.createDemo', { customers: 40, seed: 9 });
  // The training clock moves two months (as its "Go to date" does), then the list is looked at.
  await rpc(page, 'days.advance', { to: '2024-05-20' });
  await page.goto('/#/customers');
  await page.reload();
  await expect(page.getByText('2024-05-20').first()).toBeVisible();
  await choose(page, page, 'Status', 'Active');
  // the list's pager tells how many match ("1 - 25 / N")
  const pager = page.getByText(/^\d+ - \d+ \/ \d+$/);
  await expect(pager).toBeVisible();
  const matching = async () => Number((await pager.textContent())!.split('/ ')[1]);
  await expect.poll(matching).toBeLessThan(demo.customers); // the filter is applied (some are new, blocked…)
  expect(await matching()).toBeGreaterThanOrEqual(Math.floor(demo.byStatus.active * 0.85));
});
