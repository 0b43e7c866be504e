import { expect, type Locator, type Page } from '@playwright/test';

// Small helpers shared by the screen specs: they act as a person would (labels, buttons, options).

/** Picks an option of a Mantine Select (role combobox) by its label. */
export async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

export function dialog(page: Page): Locator {
  return page.getByRole('dialog');
}

/** Creates a customer through the Add customer form and returns its id (from the profile URL). */
export async function createCustomer(
  page: Page,
  c: { name: string; status?: string; email?: string; phone?: string; login?: string; password?: string },
): Promise<number> {
  await page.goto('/#/customers');
  await page.getByRole('button', { name: 'Add customer' }).first().click();
  const d = dialog(page);
  await d.getByLabel('Name', { exact: true }).fill(c.name);
  if (c.status) await choose(page, d, 'Status', c.status);
  if (c.email) await d.getByLabel('E-mail').fill(c.email);
  if (c.phone) await d.getByLabel('Phone').fill(c.phone);
  if (c.login) await d.getByLabel('Portal login').fill(c.login);
  if (c.password) await d.getByLabel('Portal password').fill(c.password);
  await d.getByRole('button', { name: 'Create customer' }).click();
  await expect(page).toHaveURL(/#\/customers\/\d+$/);
  await expect(page.getByRole('heading', { name: c.name })).toBeVisible();
  return Number(/customers\/(\d+)/.exec(page.url())![1]);
}

/** Creates a plan through Tariff plans → Add plan. Price like "20.00". */
export async function createPlan(page: Page, kind: 'internet' | 'voice' | 'custom', name: string, price: string): Promise<void> {
  await page.goto(`/#/plans/${kind}`);
  await page.getByRole('button', { name: /^Add .* plan$/ }).first().click();
  const d = dialog(page);
  await d.getByLabel('Name', { exact: true }).fill(name);
  await d.getByLabel('Price', { exact: true }).fill(price);
  await d.getByRole('button', { name: 'Add plan' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
}

/** Config → IPv4 networks → Add network. */
export async function createNetwork(page: Page, cidr: string, kind: 'Permanent' | 'Dynamic' = 'Permanent'): Promise<void> {
  await page.goto('/#/config/ipv4');
  await page.getByRole('button', { name: 'Add network' }).click();
  const d = dialog(page);
  await d.getByLabel('Network', { exact: true }).fill(cidr);
  if (kind !== 'Permanent') await choose(page, d, 'Assignment type', kind);
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name: cidr, exact: true })).toBeVisible();
}

/** Collects page errors and console errors, to assert that a screen ran cleanly. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}
