import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { cutText, WIDTHS } from './layout-helpers';
import { dialog } from './ui-helpers';

// Issue 18 items 11 and 14: the header's global search (Ctrl+K, "/"), the keyboard shortcuts with their help
// overlay ("?"), and dark mode (follows the system, a toggle that persists).

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

async function customerWithLogin(request: APIRequestContext, name: string, login: string): Promise<number> {
  const plan = await rpc<{ id: number }>(request, 'plans.create', { kind: 'internet', name: `Fiber ${login}`, price: 2000 });
  const c = await rpc<{ id: number }>(request, 'customers.create', { name, status: 'active' });
  await rpc(request, 'services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2024-03-01', internet: { login } });
  return c.id;
}

test('Ctrl+K, a login, Enter: the customer opens; "/" opens the search but not while typing in a field', async ({ page }) => {
  const id = await customerWithLogin(page.request, 'Ava Lindqvist', 'ava-pppoe');
  await customerWithLogin(page.request, 'Bruno Costa', 'bruno-pppoe');
  await page.goto('/#/plans');
  await expect(page.getByRole('heading', { name: 'Tariff plans' })).toBeVisible();
  await page.keyboard.press('Control+k');
  const search = page.getByRole('textbox', { name: 'Search customers and invoices' });
  await expect(search).toBeFocused();
  await search.fill('ava-pp');
  await expect(page.getByText('login ava-pppoe')).toBeVisible();
  await expect(page.getByText('Bruno Costa')).toHaveCount(0);
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/customers/${id}$`));
  await expect(page.getByRole('heading', { name: 'Ava Lindqvist' })).toBeVisible();
  await expect(search).toBeHidden();

  // "/" in a text field is just a character
  await page.goto('/#/customers');
  const listSearch = page.getByPlaceholder('Name, ID, login, phone, e-mail, IP');
  await listSearch.fill('a/b');
  await expect(listSearch).toHaveValue('a/b');
  await expect(search).toBeHidden();
  await listSearch.blur();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await search.fill('Bruno');
  await page.getByText('Bruno Costa').click();
  await expect(page.getByRole('heading', { name: 'Bruno Costa' })).toBeVisible();
});

test('an invoice number finds the invoice and opens it in its customer\'s billing', async ({ page }) => {
  const id = await customerWithLogin(page.request, 'Cleo Park', 'cleo');
  const { number } = await rpc<{ number: string }>(page.request, 'billing.oneTimeInvoice', { customerId: id, lines: [{ description: 'Router', amount: 4500 }] });
  await page.goto('/#/customers');
  await page.getByRole('button', { name: 'Search Ctrl K' }).click();
  await page.getByRole('textbox', { name: 'Search customers and invoices' }).fill(number);
  await page.getByText(`Invoice ${number}`).click();
  await expect(page).toHaveURL(new RegExp(`#/customers/${id}/billing$`));
  // the search closes with a transition: until it is gone it is a second dialog showing the same words
  await expect(page.getByRole('textbox', { name: 'Search customers and invoices' })).toBeHidden();
  await expect(dialog(page).filter({ hasText: `Invoice ${number}` })).toBeVisible();
});

test('"?" lists the shortcuts; g c goes to Customers, n there adds a customer', async ({ page }) => {
  await page.goto('/#/plans');
  await expect(page.getByRole('heading', { name: 'Tariff plans' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  const help = dialog(page).filter({ hasText: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const what of ['Search customers and invoices', 'Go to Customers', 'Go to Finance', 'Add a customer', 'Show these shortcuts']) {
    await expect(help.getByText(what).first()).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/#\/customers$/);
  // the list's search field takes the focus on arrival, and an "n" typed there is a letter of the search
  const listSearch = page.getByPlaceholder('Name, ID, login, phone, e-mail, IP');
  await expect(listSearch).toBeFocused();
  await page.keyboard.press('n');
  await expect(listSearch).toHaveValue('n');
  await expect(dialog(page)).toHaveCount(0);
  await listSearch.fill('');
  await listSearch.blur();
  await page.keyboard.press('n');
  await expect(dialog(page).filter({ hasText: 'Add customer' })).toBeVisible();
});

test('dark mode follows the system; the toggle picks light and it stays after a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#/customers');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  const bodyColour = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bodyColour();
  await page.getByRole('button', { name: /^Colour scheme/ }).click();
  await page.getByRole('menuitem', { name: 'Light' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  expect(await bodyColour()).not.toBe(dark);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  // printing is always light, whatever is on screen
  await page.getByRole('button', { name: /^Colour scheme/ }).click();
  await page.getByRole('menuitem', { name: 'Dark' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
});

for (const size of WIDTHS) {
  test(`the header's search, shortcuts and colour buttons fit at ${size.width} px, light and dark`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/#/customers');
      await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await cutText(page, 'header'), `header at ${size.width} px, ${scheme}`).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`header-${size.width}-${scheme}.png`) });
    }
  });
}
