import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { choose, dialog } from './ui-helpers';

// Issue 18 items 1 and 10: every form dialog shows all its errors after one Save, each beside its own field (the
// field's accessible description), in words and never as an internal path; and a dialog with changes asks
// "Discard changes?" before Escape or the close button throws them away, while a clean one closes at once.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

/** After one Save: each label's field is described by its message (Mantine's aria-describedby); no internal path shows. */
async function expectBeside(d: Locator, errors: Record<string, string | RegExp>): Promise<void> {
  for (const [label, message] of Object.entries(errors)) {
    await expect(d.getByLabel(label, { exact: true }), label).toHaveAccessibleDescription(message instanceof RegExp ? message : new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }
  await expect(d.getByText(/\b\w+\.\w+:|Invalid input/)).toHaveCount(0);
  await d.getByRole('button', { name: 'Cancel' }).click(); // Cancel means it: no question
  await expect(d).toHaveCount(0);
}

async function open(page: Page, path: string, button: string): Promise<Locator> {
  await page.goto(path);
  await page.getByRole('button', { name: button }).first().click();
  return dialog(page);
}

test('plan form: name, price, VAT and speed errors at once', async ({ page }) => {
  const d = await open(page, '/#/plans/internet', 'Add Internet plan');
  await d.getByLabel('Price', { exact: true }).fill('abc');
  await d.getByLabel('VAT %').fill('150');
  await d.getByLabel('Download speed (kbps)').fill('fast');
  await d.getByRole('button', { name: 'Add plan' }).click();
  await expectBeside(d, {
    Name: 'is required',
    Price: 'must be an amount like 20.00',
    'VAT %': 'must be a percentage 0–100',
    'Download speed (kbps)': 'must be a whole number of kbps',
  });
});

test('router form: title, NAS IP and CoA port errors at once', async ({ page }) => {
  const d = await open(page, '/#/config/routers', 'Add router');
  await choose(page, d, 'Authorisation method', 'PPP (PPPoE) RADIUS');
  await d.getByLabel('NAS IP').fill('10.0.0');
  await d.getByLabel('CoA port').fill('70000');
  await d.getByRole('button', { name: 'Save' }).click();
  await expectBeside(d, { 'Router title': 'is required', 'NAS IP': 'must be an IPv4 address', 'CoA port': 'must be a port 1–65535' });
});

test('staff, partner, network and pool forms: every error beside its field', async ({ page }) => {
  let d = await open(page, '/#/config/staff', 'Add staff member');
  await d.getByLabel('Name', { exact: true }).fill('x');
  await d.getByLabel('Password', { exact: true }).fill('short');
  await d.getByRole('button', { name: 'Save' }).click();
  await expectBeside(d, { Name: 'needs at least 2 characters', Password: 'needs at least 10 characters' });

  d = await open(page, '/#/config/partners', 'Add partner');
  await d.getByRole('button', { name: 'Add partner' }).click();
  await expectBeside(d, { 'Partner name': 'is required' });

  d = await open(page, '/#/config/ipv4', 'Add network');
  await d.getByLabel('Network', { exact: true }).fill('10.0.0.0/40');
  await d.getByLabel('Network title').fill('x'.repeat(101));
  await d.getByRole('button', { name: 'Save' }).click();
  await expectBeside(d, { Network: 'must be a network like 10.0.0.0/24 (prefix 8–32)', 'Network title': 'must be at most 100 characters' });

  d = await open(page, '/#/config/ipv4', 'Add pool');
  await d.getByLabel('Range from').fill('10.1');
  await d.getByRole('button', { name: 'Save' }).click();
  await expectBeside(d, { 'Pool title': 'is required', 'Pool network': 'choose a network', 'Range from': 'must be an IPv4 address' });
});

test('payment form: amount and reference errors at once', async ({ page }) => {
  const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
  const d = await open(page, `/#/customers/${c.id}/billing`, 'Add payment');
  await d.getByLabel('Amount').fill('-3');
  await d.getByLabel('Reference').fill('r'.repeat(101));
  await d.getByRole('button', { name: 'Add payment' }).click();
  await expectBeside(d, { Amount: 'must be an amount more than zero, like 20.00', Reference: 'must be at most 100 characters' });
});

test('one-time invoice: every line\'s errors at once, beside their fields', async ({ page }) => {
  const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Lena Lines', status: 'active' });
  const d = await open(page, `/#/customers/${c.id}/billing`, 'One-time invoice');
  await d.getByRole('button', { name: 'Add line' }).click();
  await d.getByLabel('Line 2 description').fill('Cable');
  await d.getByLabel('Line 2 amount').fill('abc');
  await d.getByLabel('Line 2 VAT %').fill('150');
  await d.getByRole('button', { name: 'Create invoice' }).click();
  await expectBeside(d, {
    'Line 1 description': 'is required',
    'Line 1 amount': 'must be more than zero',
    'Line 2 amount': 'must be an amount like 20.00',
    'Line 2 VAT %': 'must be a percentage 0–100',
  });
});

test('Escape on a changed form asks "Discard changes?"; a clean form closes at once', async ({ page }) => {
  // clean: closes at once
  let d = await open(page, '/#/customers', 'Add customer');
  await expect(d.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);

  // dirty: asks; "Keep editing" keeps what was typed, "Discard" closes
  d = await open(page, '/#/customers', 'Add customer');
  await d.getByLabel('Name', { exact: true }).fill('Half typed');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Add customer' }).getByLabel('Name', { exact: true })).toHaveValue('Half typed');
  // the close button asks too
  await page.getByRole('dialog', { name: 'Add customer' }).locator('.mantine-Modal-close').click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog(page)).toHaveCount(0);

  // the same for a Config dialog (one shared piece of code)
  d = await open(page, '/#/config/routers', 'Add router');
  await d.getByLabel('Router title').fill('Core');
  await page.keyboard.press('Escape');
  await expect(ask).toBeVisible();
  await expect(ask.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape'); // Escape in the question = keep editing
  await expect(ask).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Add router' })).toBeVisible();
});

test('schedule form and the portal\'s ticket form: every error beside its field', async ({ page }) => {
  const plan = await rpc<{ id: number }>(page.request, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000 });
  const c = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
  await rpc(page.request, 'services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2024-03-01' });
  await page.goto(`/#/customers/${c.id}/services`);
  await page.getByRole('button', { name: /Schedule/ }).first().click();
  let d = dialog(page);
  await d.getByLabel('On date').fill('');
  await d.getByRole('button', { name: 'Schedule' }).click();
  await expectBeside(d, { 'On date': 'must be a date YYYY-MM-DD' });

  const { token } = await rpc<{ token: string }>(page.request, 'portal.open', { customerId: c.id });
  await page.goto(`/#/portal/tickets?portal=${token}`);
  await page.getByRole('button', { name: 'Open a ticket' }).click();
  d = dialog(page);
  await d.getByRole('button', { name: 'Create ticket' }).click();
  await expectBeside(d, { Subject: 'is required', Message: 'is required' });
});
