import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { choose, collectErrors, dialog } from './ui-helpers';

// Staff tickets (splynx-rules §13): the inbox with its filters, one ticket with messages and internal notes,
// assign, status, the customer's Tickets tab, and a portal plan-change request whose figures moved before approval.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object, portalToken?: string): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data, headers: portalToken ? { 'X-Portal-Session': portalToken } : {} });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

test('inbox filters, reply, internal note, assign and status; the customer never sees the note', async ({ page, context }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const ava = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
  const bruno = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Bruno Costa', status: 'active' });
  await rpc(page.request, 'tickets.create', { customerId: ava.id, subject: 'Slow at night', message: 'Speed drops after 9pm', type: 'incident', priority: 'high' });
  await rpc(page.request, 'tickets.create', { customerId: bruno.id, subject: 'New router?', message: 'Can I get a new router', type: 'featureRequest', priority: 'low' });
  const done = await rpc<{ id: number }>(page.request, 'tickets.create', { customerId: bruno.id, subject: 'Old question', message: 'Answered long ago' });
  await rpc(page.request, 'tickets.setStatus', { ticketId: done.id, status: 'resolved' });

  await page.goto('/#/tickets');
  const inbox = page.getByRole('table', { name: 'Tickets' });
  // open tickets by default; the counts ignore the status filter
  await expect(inbox.getByRole('link', { name: 'Slow at night' })).toBeVisible();
  await expect(inbox.getByRole('link', { name: 'New router?' })).toBeVisible();
  await expect(inbox.getByRole('link', { name: 'Old question' })).toHaveCount(0);
  await page.getByText('Resolved (1)').click();
  await expect(inbox.getByRole('link', { name: 'Old question' })).toBeVisible();
  await expect(inbox.getByRole('link', { name: 'Slow at night' })).toHaveCount(0);
  await page.getByText('All (3)').click();
  await expect(inbox.getByRole('row')).toHaveCount(4);

  // type, priority and customer filters
  await choose(page, page, 'Type', 'Incident');
  await expect(inbox.getByRole('row')).toHaveCount(2);
  await expect(inbox.getByRole('link', { name: 'Slow at night' })).toBeVisible();
  await page.reload();
  await page.getByText('All (3)').click();
  await choose(page, page, 'Priority', 'Low');
  await expect(inbox.getByRole('row')).toHaveCount(3);
  await expect(inbox.getByRole('link', { name: 'Slow at night' })).toHaveCount(0);
  await page.reload();
  await page.getByText('All (3)').click();
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill('Bruno');
  await page.getByRole('option', { name: `Bruno Costa (#${bruno.id})` }).click();
  await expect(inbox.getByRole('row')).toHaveCount(3);
  await expect(inbox.getByRole('link', { name: 'Slow at night' })).toHaveCount(0);

  // the customer's Tickets tab lists only theirs and links to the ticket
  await page.goto(`/#/customers/${ava.id}/tickets`);
  const tab = page.getByRole('table', { name: 'Customer tickets' });
  await expect(tab.getByRole('link', { name: 'Slow at night' })).toBeVisible();
  await expect(tab.getByRole('link', { name: 'New router?' })).toHaveCount(0);
  await tab.getByRole('link', { name: 'Slow at night' }).click();
  await expect(page).toHaveURL(/#\/tickets\/\d+$/);
  await expect(page.getByTestId('ticket-subject')).toHaveText('Slow at night');
  await expect(page.getByText('Speed drops after 9pm')).toBeVisible();

  // a reply (status → Waiting on customer), an internal note, assign, status
  await page.getByLabel('Reply to the customer').fill('Please restart the router and tell us.');
  await choose(page, page, 'Then set status', 'Waiting on customer');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('ticket-message').filter({ hasText: 'Please restart the router' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('Waiting on customer');

  await page.getByRole('switch', { name: 'Internal note', exact: true }).check();
  await page.getByLabel('Internal note (never shown to the customer)').fill('Line test shows noise on the copper.');
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('internal-note');
  await expect(note).toContainText('Line test shows noise on the copper.');
  await page.getByRole('switch', { name: 'Show internal notes' }).uncheck();
  await expect(note).toHaveCount(0);
  await page.getByRole('switch', { name: 'Show internal notes' }).check();
  await expect(note).toHaveCount(1);

  const staff = (await rpc<string[]>(page.request, 'tickets.assignees', {}))[0];
  await choose(page, page, 'Assigned to', staff);
  await expect(page.getByRole('combobox', { name: 'Assigned to' })).toHaveValue(staff);
  await choose(page, page, 'Status', 'Work in progress');
  await expect(page.getByTestId('ticket-status').first()).toHaveText('Work in progress');

  // the inbox by the new status shows the assignee
  await page.goto('/#/tickets');
  await page.getByText('Work in progress (1)').click();
  await expect(inbox.getByRole('row').filter({ hasText: 'Slow at night' })).toContainText(staff);

  // the portal shows the reply, never the internal note
  await page.goto(`/#/customers/${ava.id}`);
  await page.getByRole('button', { name: 'Actions' }).click();
  const opened = context.waitForEvent('page');
  await page.getByRole('menuitem', { name: 'Login as customer' }).click();
  const portal = await opened;
  await expect(portal.getByRole('heading', { name: 'Customer portal' })).toBeVisible({ timeout: 15_000 });
  await portal.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Tickets' }).click();
  await portal.getByRole('link', { name: 'Slow at night' }).click();
  await expect(portal.getByText('Please restart the router and tell us.')).toBeVisible();
  await expect(portal.getByText('Line test shows noise on the copper.')).toHaveCount(0);
  // the customer replies: the ticket waits on an agent
  await portal.getByLabel('Reply').fill('Restarted, still slow.');
  await portal.getByRole('button', { name: 'Send reply' }).click();
  await expect(portal.getByText('Restarted, still slow.')).toBeVisible();
  await expect(portal.getByTestId('ticket-status').first()).toHaveText('Waiting on agent');

  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

test('staff open a new ticket from the customer profile', async ({ page }) => {
  const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Cleo Park', status: 'active' });
  await page.goto(`/#/customers/${c.id}/tickets`);
  await expect(page.getByText('No tickets yet')).toBeVisible();
  await page.getByRole('button', { name: 'New ticket' }).click();
  const d = dialog(page);
  await expect(d.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue(`Cleo Park (#${c.id})`);
  await d.getByLabel('Subject').fill('Move the installation');
  await choose(page, d, 'Priority', 'Medium');
  await choose(page, d, 'Type', 'Problem');
  await d.getByLabel('Message').fill('Customer moves on 1 April.');
  await d.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/#\/tickets\/\d+$/);
  await expect(page.getByTestId('ticket-subject')).toHaveText('Move the installation');
  await expect(page.getByTestId('ticket-status').first()).toHaveText('New');
  await page.goto(`/#/customers/${c.id}/tickets`);
  await expect(page.getByRole('table', { name: 'Customer tickets' }).getByRole('link', { name: 'Move the installation' })).toBeVisible();
});

test('approve a request whose figures moved: the fresh quote is shown on opening, Approve applies it', async ({ page }) => {
  test.setTimeout(60_000);
  const p500 = await rpc<{ id: number }>(page.request, 'plans.create', { kind: 'internet', name: 'Fiber 500', price: 3000 });
  const p100 = await rpc<{ id: number }>(page.request, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000, portalTargetIds: [p500.id] });
  const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
  const s = await rpc<{ id: number }>(page.request, 'services.add', { customerId: c.id, kind: 'internet', planId: p100.id, start: '2024-03-01', description: 'Home fiber' });
  const session = await rpc<{ token: string }>(page.request, 'portal.open', { customerId: c.id });
  const ticket = await rpc<{ id: number }>(page.request, 'portal.requestChange', { serviceId: s.id, planId: p500.id, start: '2024-03-20' }, session.token);
  // after the request, the ISP starts charging a fee for upgrades: the customer's quote is stale
  await rpc(page.request, 'settings.update', { partnerId: 1, values: { 'changePlan.feeMoreExpensive': 500 } });

  await page.goto(`/#/tickets/${ticket.id}`);
  const request = page.getByTestId('plan-change-request');
  // the ticket checks the request on opening: the figures moved, the fresh quote is what Approve applies
  await expect(request.getByRole('alert')).toContainText('The figures changed since the customer asked');
  const fresh = request.getByTestId('fresh-quote');
  await expect(fresh.getByText(/Fee applied for changing plan from Fiber 100 to Fiber 500/)).toBeVisible();
  await expect(fresh.getByTestId('quote-invoice-total')).toHaveText('16.61');
  await expect(request.getByText('Waiting for approval')).toBeVisible();
  await request.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(request.getByTestId('plan-change-outcome')).toContainText('invoice 16.61, fee 5.00');
  await expect(page.getByTestId('ticket-status').first()).toHaveText('Resolved');

  await page.goto(`/#/customers/${c.id}/services`);
  const row = page.getByTestId('services-internet').getByRole('row').filter({ has: page.getByText('Fiber 500', { exact: true }) });
  await expect(row.getByText('Pending', { exact: true })).toBeVisible();
});
