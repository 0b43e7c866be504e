import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { collectErrors, dialog } from './ui-helpers';

// The customer portal ("Login as customer", splynx-rules §8): staff open it from the customer's Actions menu (a new
// tab in browser mode), the customer requests a plan change (→ a ticket that staff approve in one click) or changes
// it themselves (→ a Pending service); with both modes off there is no change icon. Business date: 2024-03-15.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

/** Fiber 100 (20.00, may move to Fiber 500 in the portal), Fiber 500 (30.00); an active customer with one service on Fiber 100. */
async function world(request: APIRequestContext, portalSettings: Record<string, unknown> = {}) {
  const p500 = await rpc<{ id: number }>(request, 'plans.create', { kind: 'internet', name: 'Fiber 500', price: 3000 });
  await rpc(request, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000, portalTargetIds: [p500.id] });
  const plans = await rpc<{ id: number; name: string }[]>(request, 'plans.list', { kind: 'internet', includeDisabled: true });
  const p100 = plans.find((p) => p.name === 'Fiber 100')!;
  const customer = await rpc<{ id: number }>(request, 'customers.create', { name: 'Ava Lindqvist', status: 'active', portalLogin: 'ava' });
  const service = await rpc<{ id: number }>(request, 'services.add', {
    customerId: customer.id,
    kind: 'internet',
    planId: p100.id,
    start: '2024-03-01',
    description: 'Home fiber',
  });
  if (Object.keys(portalSettings).length) await rpc(request, 'settings.update', { partnerId: 1, values: portalSettings });
  return { customerId: customer.id, serviceId: service.id };
}

/** Customer → Actions → Login as customer: the portal opens in a new tab. */
async function loginAsCustomer(page: Page, context: BrowserContext, customerId: number): Promise<Page> {
  await page.goto(`/#/customers/${customerId}`);
  await page.getByRole('button', { name: 'Actions' }).click();
  const opened = context.waitForEvent('page');
  await page.getByRole('menuitem', { name: 'Login as customer' }).click();
  const portal = await opened;
  await portal.waitForURL(/#\/portal\?portal=[A-Za-z0-9_-]+/);
  // visibly a portal, for this customer, marked as a simulation by the staff member
  await expect(portal.getByRole('heading', { name: 'Customer portal' })).toBeVisible({ timeout: 15_000 });
  await expect(portal.getByTestId('portal-customer-name')).toHaveText('Ava Lindqvist');
  await expect(portal.getByTestId('simulation-banner')).toHaveText(/Simulation — opened by .+ from the back office/);
  await expect(portal.getByText('ISP Back Office')).toHaveCount(0);
  return portal;
}

async function openServices(portal: Page): Promise<void> {
  await portal.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Services' }).click();
  await expect(portal.getByRole('heading', { name: 'Services' })).toBeVisible();
}

test('request a tariff change in the portal; staff approve and apply it from the ticket', async ({ page, context }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const { customerId } = await world(page.request);
  const portal = await loginAsCustomer(page, context, customerId);
  const portalErrors = collectErrors(portal);

  // dashboard
  await expect(portal.getByTestId('portal-balance')).toHaveText('0.00');
  await expect(portal.getByTestId('portal-open-tickets')).toHaveText('0');

  await openServices(portal);
  const table = portal.getByTestId('portal-services-internet');
  await expect(table.getByRole('cell', { name: 'Home fiber', exact: true })).toBeVisible();
  await table.getByRole('button', { name: 'Change tariff plan of Home fiber' }).click();

  let d = dialog(portal);
  await expect(d.getByText('Change tariff')).toBeVisible();
  // only requests are on by default: no Apply
  await expect(d.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  // a start date in the past is refused in place
  await d.getByLabel('New plan start date').fill('2024-03-10');
  await expect(d.getByText('The new plan start date must be today (2024-03-15) or later')).toBeVisible();
  await expect(d.getByRole('button', { name: 'Request tariff plan change' })).toBeDisabled();
  await d.getByLabel('New plan start date').fill('2024-03-20');
  await expect(d.getByRole('combobox', { name: 'New plan' })).toHaveValue(/Fiber 500/);
  await expect(d.getByTestId('price-of-change')).toHaveText('0.00');
  const quote = d.getByTestId('quote-breakdown');
  await expect(quote.getByText('Fiber 500 (2024-03-20 - 2024-03-31)')).toBeVisible();
  await expect(quote.getByText('30.00 × 12/31 days = 11.61')).toBeVisible();
  await expect(quote.getByTestId('quote-invoice-total')).toHaveText('11.61');

  // → the ticket form, prefilled
  await d.getByRole('button', { name: 'Request tariff plan change' }).click();
  d = dialog(portal);
  await expect(d.getByLabel('Subject')).toHaveValue('Request tariff change for service: Home fiber');
  await expect(d.getByRole('combobox', { name: 'Priority' })).toHaveValue('Low');
  await expect(d.getByRole('combobox', { name: 'Type' })).toHaveValue('Question');
  await expect(d.getByLabel('New plan start date')).toHaveValue('2024-03-20');
  await expect(d.getByLabel('New plan', { exact: true })).toHaveValue('Fiber 500');
  await d.getByLabel('Additional message').fill('Faster please, I work from home.');
  await d.getByRole('button', { name: 'Send request' }).click();
  await expect(d).toBeHidden();

  // the customer sees the ticket with the request
  await expect(portal).toHaveURL(/#\/portal\/tickets\/\d+$/);
  const ticketId = Number(/tickets\/(\d+)$/.exec(portal.url())![1]);
  await expect(portal.getByTestId('ticket-subject')).toHaveText('Request tariff change for service: Home fiber');
  await expect(portal.getByText(/Please change my current plan\.\s+Current service: Home fiber\s+New plan start date: 2024-03-20\s+New plan: Fiber 500/)).toBeVisible();
  await expect(portal.getByTestId('plan-change-request').getByText('Waiting for approval')).toBeVisible();

  // nothing changed yet: the back office still shows one service
  await page.goto(`/#/customers/${customerId}/services`);
  await expect(page.getByTestId('services-internet').getByText('Fiber 500', { exact: true })).toHaveCount(0);

  // staff: Tickets → the request → Approve and apply
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tickets' }).click();
  const inbox = page.getByRole('table', { name: 'Tickets' });
  await inbox.getByRole('link', { name: 'Request tariff change for service: Home fiber' }).click();
  await expect(page).toHaveURL(new RegExp(`#/tickets/${ticketId}$`));
  const request = page.getByTestId('plan-change-request');
  await expect(request.getByTestId('request-quote').getByText('Fiber 500 (2024-03-20 - 2024-03-31)')).toBeVisible();
  await expect(page.getByText('Faster please, I work from home.', { exact: false })).toBeVisible();
  await request.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(request.getByTestId('plan-change-outcome')).toContainText('Plan change applied by');
  await expect(request.getByText('Applied', { exact: true })).toBeVisible();
  await expect(page.getByTestId('ticket-status').first()).toHaveText('Resolved');
  await expect(page.getByTestId('ticket-messages').getByText(/Plan change applied by .* Fiber 100 → Fiber 500 from 2024-03-20/)).toBeVisible();

  // the customer's Services tab: the new service, Pending from 2024-03-20
  await page.goto(`/#/customers/${customerId}/services`);
  const newRow = page.getByTestId('services-internet').getByRole('row').filter({ has: page.getByText('Fiber 500', { exact: true }) });
  await expect(newRow).toHaveCount(1);
  await expect(newRow.getByText('Pending', { exact: true })).toBeVisible();
  await expect(newRow.getByText('2024-03-20').first()).toBeVisible();

  // the portal shows it pending, without a change icon (one pending change per service, no cancel)
  await openServices(portal);
  await expect(table.getByTestId('pending-change')).toHaveText('Pending: Fiber 500 from 2024-03-20');
  await expect(table.getByRole('button', { name: /Change tariff plan/ })).toHaveCount(0);
  await expect(portal.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
  // and the ticket now carries the outcome
  await portal.getByRole('link', { name: 'Tickets' }).click();
  await portal.getByRole('link', { name: 'Request tariff change for service: Home fiber' }).click();
  await expect(portal.getByTestId('plan-change-request').getByText('Applied', { exact: true })).toBeVisible();
  // Finance: the change's invoice with its line, and the balance
  await portal.getByRole('link', { name: 'Finance' }).click();
  await expect(portal.getByTestId('portal-finance-balance')).toHaveText('-11.61');
  await portal.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: '11.61' }).first().click();
  await expect(portal.getByTestId('document-view').getByText('Fiber 500 (2024-03-20 - 2024-03-31)')).toBeVisible();
  await portal.getByRole('button', { name: 'Close' }).first().click();

  const clean = (e: string[]) => e.filter((x) => !/Failed to load resource/.test(x));
  expect(clean(errors)).toEqual([]);
  expect(clean(portalErrors)).toEqual([]);
});

test('self-change in the portal: Apply makes a Pending service switched on its date', async ({ page, context }) => {
  test.setTimeout(90_000);
  const { customerId } = await world(page.request, { 'portal.internet.requestChange': false, 'portal.internet.selfChange': true });
  const portal = await loginAsCustomer(page, context, customerId);
  await openServices(portal);
  const table = portal.getByTestId('portal-services-internet');
  await table.getByRole('button', { name: 'Change tariff plan of Home fiber' }).click();

  const d = dialog(portal);
  await expect(d.getByRole('button', { name: 'Request tariff plan change' })).toHaveCount(0);
  await expect(d.getByLabel('New plan start date')).toHaveValue('2024-03-15');
  await d.getByLabel('New plan start date').fill('2024-03-25');
  await expect(d.getByTestId('price-of-change')).toHaveText('0.00');
  await expect(d.getByTestId('quote-breakdown').getByText('Fiber 500 (2024-03-25 - 2024-03-31)')).toBeVisible();
  await d.getByRole('button', { name: 'Apply' }).click();
  await expect(d).toBeHidden();

  // the customer sees the change pending and cannot start another (nor cancel it)
  await expect(table.getByTestId('pending-change')).toHaveText('Pending: Fiber 500 from 2024-03-25');
  await expect(table.getByRole('button', { name: /Change tariff plan/ })).toHaveCount(0);
  const newRow = table.getByRole('row').filter({ hasText: 'Fiber 500' }).filter({ hasNotText: 'Home fiber' });
  await expect(newRow.getByText('Pending', { exact: true })).toBeVisible();

  // the dashboard lists it; the back office shows the Pending service
  await portal.getByRole('link', { name: 'Dashboard' }).click();
  await expect(portal.getByText(/changes to Fiber 500 on 2024-03-25/)).toBeVisible();
  await page.goto(`/#/customers/${customerId}/services`);
  const staffRow = page.getByTestId('services-internet').getByRole('row').filter({ has: page.getByText('Fiber 500', { exact: true }) });
  await expect(staffRow.getByText('Pending', { exact: true })).toBeVisible();
  await expect(staffRow.getByText('2024-03-25').first()).toBeVisible();
});

test('a portal with both change modes off shows no change icon; columns and menu follow the settings', async ({ page, context }) => {
  const { customerId } = await world(page.request, {
    'portal.internet.requestChange': false,
    'portal.internet.selfChange': false,
    'portal.internet.columns': ['description', 'plan', 'price', 'status'],
    'portal.menu.finance': false,
    'portal.menu.statistics': false,
    'portal.menu.profile': false,
  });
  const portal = await loginAsCustomer(page, context, customerId);
  const nav = portal.getByRole('navigation', { name: 'Portal navigation' });
  await expect(nav.getByRole('link')).toHaveText(['Dashboard', 'Services', 'Tickets']);
  await openServices(portal);
  const table = portal.getByTestId('portal-services-internet');
  await expect(table.getByRole('cell', { name: 'Home fiber', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveText(['Description', 'Plan', 'Price', 'Status', 'Actions']);
  await expect(table.getByRole('button', { name: /Change tariff plan/ })).toHaveCount(0);
  await expect(portal.getByTestId('portal-total-monthly')).toHaveText('20.00');
});

test('Statistics shows the traffic of a service; Profile shows the customer\'s details', async ({ page, context, harness }) => {
  const { customerId, serviceId } = await world(page.request);
  await rpc(page.request, 'customers.update', { id: customerId, email: 'ava@example.com' });
  // nothing in the app records traffic (only the demo generator): rows go straight into the harness database
  const insert = harness.db.sqlite.prepare('INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, ?, ?, ?)');
  insert.run(serviceId, '2024-03-10', 1_500_000_000, 150_000_000);
  insert.run(serviceId, '2024-03-12', 2_000_000_000, 250_000_000);
  insert.run(serviceId, '2024-01-05', 7_000_000_000, 7_000_000_000); // outside the default 30 days
  const portal = await loginAsCustomer(page, context, customerId);
  const errors = collectErrors(portal);
  const nav = portal.getByRole('navigation', { name: 'Portal navigation' });
  await expect(nav.getByRole('link')).toHaveText(['Dashboard', 'Services', 'Statistics', 'Finance', 'Tickets', 'Profile']);

  await nav.getByRole('link', { name: 'Statistics' }).click();
  await expect(portal.getByRole('heading', { name: 'Statistics' })).toBeVisible();
  await expect(portal.getByRole('combobox', { name: 'Service' })).toHaveValue(`Home fiber (#${serviceId})`);
  const from = portal.getByRole('textbox', { name: 'From' });
  const to = portal.getByRole('textbox', { name: 'To', exact: true });
  await expect(from).toHaveValue('2024-02-15');
  await expect(to).toHaveValue('2024-03-15');
  await expect(portal.getByTestId('usage-totals')).toHaveText('Download 3.5 GB · Upload 400.0 MB');
  const chart = portal.getByTestId('usage-chart');
  await expect(chart).toBeVisible();
  await expect(chart.getByText('Download', { exact: true })).toBeVisible();
  await expect(chart.getByText('Upload', { exact: true })).toBeVisible();
  await expect(chart.locator('path.recharts-area-curve')).toHaveCount(2);
  await to.fill('2024-02-29');
  await expect(portal.getByText('No traffic recorded in this range')).toBeVisible();
  await expect(portal.getByTestId('usage-totals')).toHaveText('Download 0 B · Upload 0 B');

  await nav.getByRole('link', { name: 'Profile' }).click();
  await expect(portal.getByRole('heading', { name: 'Profile' })).toBeVisible();
  const profile = portal.getByTestId('portal-profile');
  await expect(profile).toContainText('Ava Lindqvist');
  await expect(profile).toContainText('ava@example.com');
  await expect(profile).toContainText('Customer since2024-03-15');
  // view only by default: nothing to edit here
  await expect(portal.getByRole('button', { name: 'Edit', exact: true })).toHaveCount(0);
  await portal.getByTestId('portal-profile-change').getByRole('link', { name: 'Tickets' }).click();
  await expect(portal.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('Profile → Edit: the customer changes the details the partner allows; the back office shows them', async ({ page, context }) => {
  const { customerId } = await world(page.request, { 'portal.profile.editableFields': ['email', 'phone'] });
  await rpc(page.request, 'customers.update', { id: customerId, email: 'ava@example.com' });
  const portal = await loginAsCustomer(page, context, customerId);
  const errors = collectErrors(portal);
  await portal.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Profile' }).click();
  const edit = portal.getByRole('button', { name: 'Edit', exact: true });
  await edit.click();
  const d = dialog(portal);
  await d.press('Escape');
  await expect(d).toBeHidden();
  await edit.click();
  // only the fields the partner allows
  await expect(d.getByLabel('Phone')).toBeVisible();
  await expect(d.getByLabel('Address')).toHaveCount(0);
  const email = d.getByLabel('E-mail');
  await email.fill('ava at home');
  await email.press('Enter');
  await expect(email).toHaveAccessibleDescription('must be an e-mail address');
  await email.fill('ava.home@example.com');
  await email.press('Enter');
  await expect(d).toBeHidden();
  await expect(portal.getByText('Your details were saved')).toBeVisible();
  await expect(portal.getByTestId('portal-profile')).toContainText('ava.home@example.com');

  // the back office tab still shows the customer page it opened the portal from: reloaded, it has the new e-mail
  await page.reload();
  await expect(page.getByText('ava.home@example.com')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Leave ends the portal session: the tab closes and its link opens nothing any more', async ({ page, context }) => {
  const { customerId } = await world(page.request);
  const portal = await loginAsCustomer(page, context, customerId);
  const link = portal.url();
  const closed = portal.waitForEvent('close');
  await portal.getByRole('button', { name: 'Leave' }).click();
  await closed;
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByText('The portal session is not available')).toBeVisible();
  await expect(again.getByTestId('portal-customer-name')).toHaveCount(0);
});
