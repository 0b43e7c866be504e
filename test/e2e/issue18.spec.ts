import type { APIRequestContext } from '@playwright/test';
import { changeDialog, changePlanButton, seedUntilChangeDay } from './change-plan-helpers';
import { expect, test } from './fixtures';
import { WIDTHS } from './layout-helpers';
import { choose, dialog } from './ui-helpers';

// Issue 18 ("Back-office screens as staff use them all day"), each item clicked through at 1440×900 and 1024×768:
// all form errors at once beside their fields in words, date pickers that still take typing, the change-plan Apply
// in view, tickets stamped with the business date, a stale portal request explained with Approve-with-date / Decline.
// (Tables and the "billed every N months" price: tables.spec.ts; the bulk wizard's one count: bulk.spec.ts.)

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object, portalToken?: string): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data, headers: portalToken ? { 'X-Portal-Session': portalToken } : {} });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('a service form shows every error at once beside its field, in words; the server refusal lands beside Login', async ({ page }) => {
      test.setTimeout(90_000);
      const plan = await rpc<{ id: number }>(page.request, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000 });
      const other = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Bruno Costa', status: 'active' });
      await rpc(page.request, 'services.add', { customerId: other.id, kind: 'internet', planId: plan.id, start: '2024-03-01', internet: { login: 'taken' } });
      const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
      await page.goto(`/#/customers/${c.id}/services`);
      await page.getByRole('button', { name: 'Add Internet service' }).click();
      const d = dialog(page);
      await choose(page, d, 'Plan', 'Fiber 100');
      await d.getByLabel('Price', { exact: true }).fill('-5.00');
      await d.getByLabel('Start date').fill('2024-03-10');
      await d.getByLabel('End date').fill('2024-03-01');
      await d.getByLabel('MAC(s)').fill('not-a-mac');
      await d.getByLabel('Login', { exact: true }).fill('taken');
      await d.getByRole('button', { name: 'Add service' }).click();
      // one Save: the three problems the form can know, each beside its field
      await expect(d.getByText('cannot be negative')).toBeVisible();
      await expect(d.getByText('must not be before the start date')).toBeVisible();
      await expect(d.getByText('must be MAC addresses like 00:1A:2B:3C:4D:5E, separated by commas')).toBeVisible();
      await expect(d.getByText(/internet\.|Invalid input/)).toHaveCount(0);
      // fix them: the taken login comes back from the application, beside Login, in words
      await d.getByLabel('Price', { exact: true }).fill('20.00');
      await d.getByLabel('End date').fill('');
      await d.getByLabel('MAC(s)').fill('00:1A:2B:3C:4D:5E');
      await d.getByRole('button', { name: 'Add service' }).click();
      const login = d.getByLabel('Login', { exact: true });
      await expect(login).toHaveAttribute('aria-invalid', 'true');
      await expect(d.getByRole('alert')).not.toContainText('internet.');
      await login.fill('ava1');
      await d.getByRole('button', { name: 'Add service' }).click();
      await expect(d).toBeHidden();
      await expect(page.getByTestId('services-internet').getByText('ava1')).toBeVisible();
    });

    test('dates are picked from a calendar and can still be typed', async ({ page }) => {
      const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
      await page.goto(`/#/customers/${c.id}/billing`);
      await page.getByRole('button', { name: 'Add payment' }).click();
      const d = dialog(page);
      const date = d.getByLabel('Payment date');
      await date.click();
      // the calendar of the business month (2024-03-15): pick the 20th
      const day = page.getByRole('button', { name: /^20 March 2024$/ });
      await expect(day).toBeVisible();
      await day.click();
      await expect(date).toHaveValue('2024-03-20');
      await date.fill('2024-03-12');
      await expect(date).toHaveValue('2024-03-12');
    });

    test('tickets are stamped with the business date and time, never the wall-clock date', async ({ page }) => {
      const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
      const t = await rpc<{ id: number }>(page.request, 'tickets.create', { customerId: c.id, subject: 'Slow line', message: 'Since Monday' });
      await rpc(page.request, 'tickets.reply', { ticketId: t.id, body: 'Checking', status: 'workInProgress' });
      await page.goto(`/#/tickets/${t.id}`);
      await expect(page.getByText(/^2024-03-15 \d{2}:\d{2}$/).first()).toBeVisible();
      const wall = new Date().toISOString().slice(0, 10);
      await expect(page.locator('main')).not.toContainText(wall);
    });
  });
}

test.describe('change plan at 1440×900', () => {
  test.use({ trainingClock: true, businessDate: '2022-01-01', viewport: { width: 1440, height: 900 } });
  test('Apply is in view without scrolling once the breakdown is shown', async ({ page }) => {
    test.setTimeout(90_000);
    const w = await seedUntilChangeDay(page);
    await page.goto(`/#/customers/${w.customerId}/services`);
    await changePlanButton(page, w.serviceId).click();
    const d = changeDialog(page);
    await d.getByLabel('New plan start date').fill('2022-01-11');
    await choose(page, d, 'New plan', 'Ethernet_100Mbps');
    await expect(d.getByTestId('quote-documents')).toBeVisible();
    const apply = d.getByRole('button', { name: 'Apply change' });
    await expect(apply).toBeEnabled();
    await expect(apply).toBeInViewport({ ratio: 1 });
  });
});

for (const size of WIDTHS) {
  test.describe(`stale portal request at ${size.width}×${size.height}`, () => {
    test.use({ trainingClock: true, businessDate: '2024-03-10', viewport: size });

    test("after the customer's self-change the request says why; Decline sends a message the customer reads", async ({ page, context }) => {
      test.setTimeout(90_000);
      const r = page.request;
      const p500 = await rpc<{ id: number }>(r, 'plans.create', { kind: 'internet', name: 'Fiber 500', price: 3000 });
      const p100 = await rpc<{ id: number }>(r, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000, portalTargetIds: [p500.id] });
      await rpc(r, 'settings.update', { partnerId: 1, values: { 'portal.internet.selfChange': true, 'portal.internet.requestChange': true } });
      const c = await rpc<{ id: number }>(r, 'customers.create', { name: 'Ava Lindqvist', status: 'active', portalLogin: 'ava' });
      const s = await rpc<{ id: number }>(r, 'services.add', { customerId: c.id, kind: 'internet', planId: p100.id, start: '2024-03-01' });
      const session = await rpc<{ token: string }>(r, 'portal.open', { customerId: c.id });
      const ticket = await rpc<{ id: number }>(r, 'portal.requestChange', { serviceId: s.id, planId: p500.id, start: '2024-03-20' }, session.token);
      const q = await rpc<{ fingerprint: string }>(r, 'portal.changeQuote', { serviceId: s.id, planId: p500.id, start: '2024-03-12' }, session.token);
      await rpc(r, 'portal.selfChange', { serviceId: s.id, planId: p500.id, start: '2024-03-12', fingerprint: q.fingerprint }, session.token);

      await page.goto(`/#/tickets/${ticket.id}`);
      const request = page.getByTestId('plan-change-request');
      await expect(request.getByText('Cannot be applied as requested')).toBeVisible();
      await expect(request.getByTestId('request-why')).toContainText('Since this request, the customer changed the service: Fiber 100 → Fiber 500 from 2024-03-12');
      await request.getByRole('button', { name: 'Decline', exact: true }).click();
      const message = request.getByLabel('Message to the customer (shown in the portal)');
      await expect(message).toHaveValue(/Your plan was already changed to Fiber 500 from 2024-03-12/);
      await message.fill('You already moved to Fiber 500 yourself, so we closed this request.');
      await request.getByRole('button', { name: 'Decline request' }).click();
      await expect(request.getByTestId('plan-change-outcome')).toContainText('The customer was told: “You already moved to Fiber 500 yourself');
      await expect(page.getByTestId('ticket-status').first()).toHaveText('Resolved');

      const portal = await context.newPage();
      await portal.goto(`/#/portal/tickets/${ticket.id}?portal=${session.token}`);
      await expect(portal.getByTestId('plan-change-request').getByText('Declined')).toBeVisible({ timeout: 15_000 });
      await expect(portal.getByText('You already moved to Fiber 500 yourself, so we closed this request.').first()).toBeVisible();
    });

    test('a request whose date passed offers "Approve with date" prefilled with the earliest start, and applies it', async ({ page }) => {
      test.setTimeout(90_000);
      const r = page.request;
      const p500 = await rpc<{ id: number }>(r, 'plans.create', { kind: 'internet', name: 'Fiber 500', price: 3000 });
      const p100 = await rpc<{ id: number }>(r, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000, portalTargetIds: [p500.id] });
      const c = await rpc<{ id: number }>(r, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
      const s = await rpc<{ id: number }>(r, 'services.add', { customerId: c.id, kind: 'internet', planId: p100.id, start: '2024-03-01' });
      const session = await rpc<{ token: string }>(r, 'portal.open', { customerId: c.id });
      const ticket = await rpc<{ id: number }>(r, 'portal.requestChange', { serviceId: s.id, planId: p500.id, start: '2024-03-12' }, session.token);
      await rpc(r, 'days.advance', { to: '2024-03-14' });

      await page.goto(`/#/tickets/${ticket.id}`);
      const request = page.getByTestId('plan-change-request');
      await expect(request.getByTestId('request-why')).toContainText('The requested start date 2024-03-12 has passed (today is 2024-03-14). It can start on 2024-03-14 at the earliest.');
      await expect(request.getByLabel('New plan start date')).toHaveValue('2024-03-14');
      await request.getByRole('button', { name: 'Approve with date 2024-03-14' }).click();
      await expect(request.getByTestId('plan-change-outcome')).toContainText('Fiber 100 → Fiber 500 from 2024-03-14');
    });
  });
}
