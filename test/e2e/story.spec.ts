import { expect, test } from './fixtures';
import { choose, collectErrors, createCustomer, createNetwork, createPlan, dialog } from './ui-helpers';

// The whole story of issue 4, through the screens only: a new customer gets an Internet service with a permanent
// IP, the billing day invoices it, staff record the payment, and the customer stays Active past the blocking date.
test.use({ trainingClock: true, businessDate: '2024-03-28' });

test('create customer → Internet service with a permanent IP → invoice on the billing day → payment → still Active', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await createNetwork(page, '10.30.0.0/24');
  await createPlan(page, 'internet', 'Fiber 200', '20.00');
  const id = await createCustomer(page, { name: 'Story Customer', status: 'Active', login: 'story', password: 'story-pass' });

  await page.goto(`/#/customers/${id}/services`);
  await page.getByRole('button', { name: 'Add Internet service' }).click();
  const d = dialog(page);
  await choose(page, d, 'Plan', 'Fiber 200');
  await d.getByLabel('Start date').fill('2024-03-28');
  await d.getByLabel('Login', { exact: true }).fill('story-1');
  await choose(page, d, 'IPv4 assignment', 'Permanent IP');
  await d.getByLabel('IPv4', { exact: true }).fill('10.30.0.7');
  await page.keyboard.press('Escape');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByTestId('services-internet').getByText('story-1 · 10.30.0.7')).toBeVisible();

  // The training clock moves past the billing day (the 1st): the invoice holds the prorated March days and April.
  await page.getByRole('button', { name: 'Go to date…' }).click();
  await page.getByLabel('Go to date').fill('2024-04-02');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByTestId('header-business-date')).toHaveText('2024-04-02');
  await page.goto(`/#/customers/${id}/billing`);
  const invoice = page.getByRole('row').filter({ hasText: '2024-04-01' }).filter({ hasText: '22.58' });
  await expect(invoice).toBeVisible();
  await expect(invoice).toContainText('Unpaid');
  await expect(page.getByTestId('customer-balance')).toHaveText(/-22\.58/);

  // Staff record the payment: the invoice is paid and the balance back to zero.
  await page.getByRole('button', { name: 'Add payment' }).first().click();
  const p = dialog(page);
  await p.getByLabel('Amount').fill('22.58');
  await p.getByRole('button', { name: 'Add payment' }).click();
  await expect(p).toBeHidden();
  await expect(invoice).toContainText('Paid');
  await expect(page.getByTestId('customer-balance')).toHaveText(/0\.00/);

  // Past the blocking date (1st + 15 days due + 0 blocking days) the customer is still Active.
  await page.getByRole('button', { name: 'Go to date…' }).click();
  await page.getByLabel('Go to date').fill('2024-04-20');
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(page.getByTestId('header-business-date')).toHaveText('2024-04-20');
  await page.goto(`/#/customers/${id}`);
  await expect(page.getByRole('main').getByText('Active', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('main').getByText('Blocked', { exact: true })).toHaveCount(0);
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
