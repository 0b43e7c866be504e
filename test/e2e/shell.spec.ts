import { expect, test } from './fixtures';

// The shell only: navigation and the header's business date. Page contents have their own specs.
const NAV = ['Customers', 'Tariff plans', 'Tickets', 'Finance', 'Config'];

test('the shell shows the navigation, every page opens and the business date is shown', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const label of NAV) await expect(nav.getByRole('link', { name: label })).toBeVisible();
  await expect(page.getByTestId('header-business-date')).toHaveText('2024-03-15');

  for (const label of [...NAV.slice(1), NAV[0]]) {
    await nav.getByRole('link', { name: label }).click();
    await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('main')).toContainText(label);
  }
  await expect(page).toHaveURL(/#\/customers$/);
  await expect(page.getByTestId('header-business-date')).toHaveText('2024-03-15');

  // a reload keeps the page (hash routing works from file:// and http alike)
  await page.goto('/#/finance');
  await expect(nav.getByRole('link', { name: 'Finance' })).toHaveAttribute('aria-current', 'page');

  // the strict CSP must not break the app: no script, style or request was refused
  expect(errors).toEqual([]);
});
