import { test, expect } from './fixtures';
import { changeDialog, changePlanButton, openChangePlan, rpc, seedSettingsAndPlans, seedUntilChangeDay, serviceRow } from './change-plan-helpers';
import { collectErrors } from './ui-helpers';

// Change plan through the UI alone: the live breakdown shows exactly what apply posts (the seed example of
// ../shared/scenarios/01-seed-downgrade-refund-fee.json), a stale quote is refused with the new figures, refund
// "None" is refused with the earliest date and the way out, a same-day change follows decision 7, and cancelling
// a pending change restores the balance and the old service (decision 8). The business date moves with the
// training clock of a demo database.

test.describe('change plan on a demo database (training clock)', () => {
  test.use({ trainingClock: true, businessDate: '2022-01-01' });

  test('the seed example: the dialog shows 77.42, 30.00, 38.71 and +8.71, and the tabs show the same after apply', async ({ page }) => {
    const errors = collectErrors(page);
    const plans = await seedSettingsAndPlans(page);
    const customer = await rpc(page, 'customers.create', { name: 'Ethan Carter', status: 'active' });
    const service = await rpc(page, 'services.add', { customerId: customer.id, kind: 'internet', planId: plans.p500, start: '2022-01-01' });

    // The training clock, from the header: finish 2022-01-01 (the billing day invoices 200.00).
    await page.goto(`/#/customers/${customer.id}/billing`);
    await expect(page.getByTestId('header-business-date')).toHaveText('2022-01-01');
    await page.getByRole('button', { name: 'Next day' }).click();
    await expect(page.getByTestId('header-business-date')).toHaveText('2022-01-02');
    await expect(page.getByRole('row').filter({ hasText: '2022-01-01' }).filter({ hasText: '200.00' })).toBeVisible();
    await rpc(page, 'billing.addPayment', { customerId: customer.id, amount: 20000 });

    await page.getByRole('button', { name: 'Go to date…' }).click();
    await page.getByLabel('Go to date').fill('2022-01-11');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect(page.getByTestId('header-business-date')).toHaveText('2022-01-11');
    await page.getByTestId('header-business-date').click();
    await expect(page.getByTestId('last-run-summary')).toContainText('2022-01-02 – 2022-01-10');
    await page.keyboard.press('Escape');

    // The dialog: start 2022-01-20, Ethernet_100Mbps; the breakdown comes from main as the inputs change.
    const d = await openChangePlan(page, { customerId: customer.id, serviceId: service.id }, '2022-01-20', 'Ethernet_100Mbps');
    await expect(d.getByLabel('Description')).toHaveValue('Ethernet_100Mbps');
    await expect(d.getByLabel('Price')).toHaveValue('100.00');
    await expect(d.getByTestId('quote-refund-amount')).toHaveText('77.42');
    await expect(d.getByTestId('quote-refund-sentence')).toHaveText('Unused 12 of 31 days of Ethernet_500Mbps (200.00) = 77.42');
    await expect(d.getByTestId('quote-fee-amount')).toHaveText('30.00');
    await expect(d.getByTestId('quote-fee-sentence')).toContainText('Less expensive plan');
    await expect(d.getByTestId('quote-charge-amount')).toHaveText('38.71');
    await expect(d.getByTestId('quote-charge')).toContainText('2022-01-20 – 2022-01-31');
    await expect(d.getByTestId('quote-days')).toHaveText('Days used 19, unused 12, of 31 days in the invoiced period (the divisor).');
    await expect(d.getByTestId('quote-documents')).toContainText('Credit note 77.42');
    await expect(d.getByTestId('quote-documents')).toContainText('Invoice 68.71 (charge 38.71 + fee 30.00)');
    await expect(d.getByTestId('quote-balance-before')).toHaveText('0.00');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('+8.71');
    await expect(d.getByTestId('quote-old-service')).toHaveText('Ethernet_500Mbps: ends 2022-01-19, Disabled from 2022-01-20');
    await expect(d.getByTestId('quote-new-service')).toContainText('Pending until 2022-01-20');
    await expect(d.getByTestId('quote-settings')).toContainText('Fee, less expensive plan: 30.00');
    await expect(d.getByTestId('quote-settings')).toContainText('Default partner');

    // Typing is never blocked: a new price recomputes, the old one comes back.
    await d.getByLabel('Price').fill('110.00');
    await expect(d.getByTestId('quote-charge-amount')).toHaveText('42.58');
    await d.getByLabel('Price').fill('100.00');
    await expect(d.getByTestId('quote-charge-amount')).toHaveText('38.71');

    await d.getByRole('button', { name: 'Apply change' }).click();
    await expect(d).toBeHidden();

    // Services: the old service with its end date, the new one Pending; balance +8.71.
    await expect(page.getByTestId('customer-balance')).toHaveText('8.71');
    const oldRow = serviceRow(page, service.id);
    await expect(oldRow).toContainText('2022-01-19');
    await expect(oldRow).toContainText('Active');
    const newRow = serviceRow(page, service.id + 1);
    await expect(newRow).toContainText('Ethernet_100Mbps');
    await expect(newRow).toContainText('Pending');
    await expect(newRow).toContainText('2022-01-20');

    // Billing: the credit note 77.42 and the invoice 68.71, paid from the balance.
    await page.getByRole('tab', { name: 'Billing' }).click();
    await expect(page.getByRole('row').filter({ hasText: '2022-01-11' }).filter({ hasText: '68.71' })).toContainText('Paid');
    await page.getByRole('tab', { name: /Credit notes/ }).click();
    await expect(page.getByRole('row').filter({ hasText: '2022-01-11' })).toContainText('77.42');

    // The list of pending plan changes shows it, with its amounts.
    await page.getByRole('link', { name: 'Plan changes' }).click();
    const change = page.getByRole('row').filter({ hasText: 'Ethan Carter' });
    await expect(change).toContainText('Ethernet_500Mbps');
    await expect(change).toContainText('Ethernet_100Mbps');
    await expect(change).toContainText('2022-01-20');
    await expect(change).toContainText('77.42');
    await expect(change).toContainText('68.71');

    // Training clock: on 2022-01-20 the new service is Active and the old one Disabled; on 2022-02-02, -91.29.
    await page.getByRole('button', { name: 'Go to date…' }).click();
    await page.getByLabel('Go to date').fill('2022-01-20');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect(page.getByTestId('header-business-date')).toHaveText('2022-01-20');
    await expect(page.getByRole('row').filter({ hasText: 'Ethan Carter' })).toHaveCount(0); // started: no longer pending
    await page.goto(`/#/customers/${customer.id}/services`);
    await expect(serviceRow(page, service.id)).toContainText('Disabled');
    await expect(serviceRow(page, service.id + 1)).toContainText('Active');
    await page.getByRole('button', { name: 'Go to date…' }).click();
    await page.getByLabel('Go to date').fill('2022-02-02');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect(page.getByTestId('header-business-date')).toHaveText('2022-02-02');
    await expect(page.getByTestId('customer-balance')).toHaveText('-91.29');
    expect(errors).toEqual([]);
  });

  test('a stale quote is refused and the dialog shows the new figures', async ({ page }) => {
    const w = await seedUntilChangeDay(page);
    const d = await openChangePlan(page, w, '2022-01-20', 'Ethernet_100Mbps');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('+8.71');

    // Meanwhile, another window takes a payment of 10.00.
    await rpc(page, 'billing.addPayment', { customerId: w.customerId, amount: 1000 });
    await d.getByRole('button', { name: 'Apply change' }).click();
    await expect(d.getByTestId('stale-quote')).toContainText('Nothing was posted');
    await expect(d.getByTestId('quote-balance-before')).toHaveText('+10.00');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('+18.71');
    await expect(d.getByTestId('quote-refund-amount')).toHaveText('77.42');
    const billing = await rpc(page, 'billing.forCustomer', { customerId: w.customerId });
    expect(billing.creditNotes).toHaveLength(0);

    // Applying again posts the figures now shown.
    await d.getByRole('button', { name: 'Apply change' }).click();
    await expect(d).toBeHidden();
    await expect(page.getByTestId('customer-balance')).toHaveText('18.71');
  });

  test('refund None: a start inside the paid period is refused with the earliest date and a button that sets it', async ({ page }) => {
    const w = await seedUntilChangeDay(page, 'none');
    const d = await openChangePlan(page, w, '2022-01-20', 'Ethernet_100Mbps');
    const refusal = d.getByTestId('quote-refusal');
    await expect(refusal).toContainText('2022-02-01');
    await expect(refusal).toContainText('Refund is None');
    await expect(d.getByRole('button', { name: 'Apply change' })).toBeDisabled();

    await refusal.getByRole('button', { name: 'Start on 2022-02-01' }).click();
    await expect(d.getByLabel('New plan start date')).toHaveValue('2022-02-01');
    await expect(refusal).toBeHidden();
    await expect(d.getByTestId('quote-refund')).toHaveCount(0);
    await expect(d.getByTestId('quote-fee-amount')).toHaveText('30.00');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('-30.00');
    await expect(d.getByTestId('quote-settings')).toContainText('Plan change refund: None');
    await expect(d.getByRole('button', { name: 'Apply change' })).toBeEnabled();
  });

  test('a pending change is cancelled from the list: every posting reversed, the balance and the old end date restored', async ({ page }) => {
    const w = await seedUntilChangeDay(page);
    const d = await openChangePlan(page, w, '2022-01-20', 'Ethernet_100Mbps');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('+8.71');
    await d.getByRole('button', { name: 'Apply change' }).click();
    await expect(d).toBeHidden();
    await expect(page.getByTestId('customer-balance')).toHaveText('8.71');
    await expect(serviceRow(page, w.serviceId)).toContainText('2022-01-19');

    // A second change of the same service is refused in place, with the way to the pending one.
    await changePlanButton(page, w.serviceId).click();
    const again = changeDialog(page);
    await expect(again.getByText('A plan change is already pending')).toBeVisible();
    await again.getByRole('link', { name: /Open pending change #\d+/ }).click();
    await expect(page).toHaveURL(/#\/changes\?open=\d+/);

    const detail = page.getByRole('dialog', { name: /Plan change #\d+/ });
    await expect(detail).toContainText('Ethernet_500Mbps → Ethernet_100Mbps');
    await detail.getByRole('button', { name: 'Cancel this change' }).click();
    const confirm = page.getByRole('dialog', { name: /Cancel plan change/ });
    await expect(confirm).toContainText('mirror documents');
    await confirm.getByRole('button', { name: 'Cancel the change' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('No pending plan changes').first()).toBeVisible();

    await page.goto(`/#/customers/${w.customerId}/services`);
    await expect(page.getByTestId('customer-balance')).toHaveText('0.00');
    const oldRow = serviceRow(page, w.serviceId);
    await expect(oldRow).toContainText('Active');
    await expect(oldRow).not.toContainText('2022-01-19');
    // Decision 22: the cancelled change's new service is Archived and left out of the list until asked for.
    await expect(serviceRow(page, w.serviceId + 1)).toHaveCount(0);
    await page.getByRole('switch', { name: 'Show services of cancelled plan changes' }).check();
    await expect(serviceRow(page, w.serviceId + 1)).toContainText('Archived');
    await page.getByRole('tab', { name: 'Billing' }).click();
    await page.getByRole('tab', { name: /Credit notes/ }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Cancellation' })).toContainText('68.71');
  });
});

test.describe('same-day change', () => {
  test.use({ trainingClock: true, businessDate: '2022-01-11' });

  test('a change starting on the old service start date archives the old one and activates the new one at once', async ({ page }) => {
    const plans = await seedSettingsAndPlans(page);
    const customer = await rpc(page, 'customers.create', { name: 'Sam Day', status: 'active' });
    const service = await rpc(page, 'services.add', { customerId: customer.id, kind: 'internet', planId: plans.p500, start: '2022-01-11' });
    const d = await openChangePlan(page, { customerId: customer.id, serviceId: service.id }, '2022-01-11', 'Ethernet_100Mbps');
    // Said before apply (decision 7).
    await expect(d.getByTestId('same-day-notice')).toContainText('Archived');
    await expect(d.getByTestId('same-day-notice')).toContainText('Active at once');
    await expect(d.getByTestId('quote-old-service')).toHaveText('Ethernet_500Mbps: ends 2022-01-11, Archived now');
    await expect(d.getByTestId('quote-new-service')).toContainText('Active at once');
    await expect(d.getByTestId('quote-charge-amount')).toHaveText('67.74');
    await expect(d.getByTestId('quote-balance-after')).toHaveText('-97.74');
    await d.getByRole('button', { name: 'Apply change' }).click();
    await expect(d).toBeHidden();

    await expect(serviceRow(page, service.id)).toContainText('Archived');
    await expect(serviceRow(page, service.id + 1)).toContainText('Active');
    await expect(page.getByTestId('customer-balance')).toHaveText('-97.74');
  });
});

test('a live database shows the business date and the last run, and no training clock', async ({ page }) => {
  await page.goto('/#/changes');
  await expect(page.getByTestId('header-business-date')).toHaveText('2024-03-15');
  await expect(page.getByRole('button', { name: 'Next day' })).toHaveCount(0);
  await page.getByTestId('header-business-date').click();
  await expect(page.getByText('Live database: the date follows the calendar')).toBeVisible();
  await expect(page.getByText('No pending plan changes').first()).toBeVisible();
  const refused = await page.request.post('/rpc/days.advance', { data: { days: 1 } });
  expect(((await refused.json()) as { ok: boolean; error: { code: string } }).error.code).toBe('FORBIDDEN');
});
