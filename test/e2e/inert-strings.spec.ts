import { fixedClock } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { expect, test } from './fixtures';
import { collectErrors } from './ui-helpers';

// Hostile strings are shown as text (issue "Hostile input"): a customer whose name, address and notes are HTML,
// script and SQL is listed and opened without any element being created from them and without any script
// running — React renders text, the CSP forbids inline scripts, and nothing uses innerHTML.

const XSS_NAME = '<img src=x onerror=window.__xss=1>';
const ADDRESS = '<script>window.__xss=2</script> Main St 1';
const NOTES = `"><svg onload=window.__xss=3> '; DROP TABLE customers; -- <b>bold?</b>`;

test('a customer named like markup is shown as text in the list and the profile', async ({ page, harness }) => {
  const errors = collectErrors(page);
  const created = dispatch({ db: harness.db, clock: fixedClock('2024-03-15'), actor: { kind: 'staff', name: 'e2e' } }, 'customers.create', {
    name: XSS_NAME,
    status: 'active',
    address: ADDRESS,
    notes: NOTES,
  });
  expect(created.ok).toBe(true);
  const id = created.ok ? created.data.id : 0;

  const noInjectedElements = async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('svg[onload]').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.locator('b', { hasText: 'bold?' }).count()).toBe(0);
  };

  await page.goto('/#/customers');
  await expect(page.getByRole('table').getByText(XSS_NAME, { exact: true })).toBeVisible();
  await noInjectedElements();

  // searching for it is a search like any other
  await page.getByLabel('Search').fill('onerror');
  await expect(page.getByRole('table').getByText(XSS_NAME, { exact: true })).toBeVisible();
  await noInjectedElements();

  await page.goto(`/#/customers/${id}`);
  await expect(page.getByRole('heading', { name: XSS_NAME })).toBeVisible();
  await expect(page.getByText(ADDRESS).first()).toBeVisible();
  await noInjectedElements();
  // give any (wrongly) injected handler a moment to fire
  await page.waitForTimeout(300);
  await noInjectedElements();
  expect(errors.filter((e) => /Content Security Policy|__xss/i.test(e))).toEqual([]);
});
