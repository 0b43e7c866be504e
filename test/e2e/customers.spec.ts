import { expect, test } from './fixtures';
import { choose, collectErrors, createCustomer, dialog } from './ui-helpers';

test('create a customer with the form, find it in the list by search, open and edit its profile', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  const id = await createCustomer(page, { name: 'Alice Fiber', email: 'alice@example.org', phone: '+1 555 0100', login: 'alice', password: 'secret123' });

  // Information tab: status badge, partner, dunning timeline, Actions menu with the portal login (opened in test/e2e/portal.spec.ts)
  await expect(page.getByText('Dunning timeline')).toBeVisible();
  await expect(page.getByTestId('dunning-next-invoice')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Login as customer' })).toBeEnabled();
  await page.keyboard.press('Escape');

  // a second customer, so that search has something to exclude
  await createCustomer(page, { name: 'Bob Copper', email: 'bob@example.org' });

  await page.goto('/#/customers');
  const table = page.getByRole('table');
  await expect(table.getByText('Alice Fiber')).toBeVisible();
  await expect(table.getByText('Bob Copper')).toBeVisible();

  await page.getByLabel('Search').fill('alice@');
  await expect(table.getByText('Bob Copper')).toBeHidden();
  await expect(table.getByText('Alice Fiber')).toBeVisible();

  await page.getByLabel('Search').fill(String(id));
  await expect(table.getByText('Alice Fiber')).toBeVisible();

  await page.getByLabel('Search').fill('nobody-like-this');
  await expect(page.getByText('No customers match the filters')).toBeVisible();
  await page.getByLabel('Search').fill('');

  // sorting by name descending puts Bob first
  await page.getByRole('button', { name: /^Name/ }).click(); // ascending
  await page.getByRole('button', { name: /^Name/ }).click(); // descending
  await expect(table.getByRole('row').nth(1)).toContainText('Bob Copper');

  // status filter
  await choose(page, page, 'Status', 'Active');
  await expect(page.getByText('No customers match the filters')).toBeVisible();

  // open the profile and edit: status Active, billing day
  await page.goto(`/#/customers/${id}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  const d = dialog(page);
  await choose(page, d, 'Status', 'Active');
  await d.getByLabel('Billing day').fill('5');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('main').getByText('Active', { exact: true }).first()).toBeVisible();

  expect(errors).toEqual([]);
});

test('a refused customer form shows each message beside its field', async ({ page }) => {
  await page.goto('/#/customers');
  await page.getByRole('button', { name: 'Add customer' }).first().click();
  const d = dialog(page);
  await d.getByLabel('Name', { exact: true }).fill('Broken Contact');
  await d.getByLabel('E-mail').fill('not-an-email');
  await d.getByLabel('Phone').fill('abc');
  await d.getByRole('button', { name: 'Create customer' }).click();
  // the message is the input's accessible description (Mantine links error text with aria-describedby)
  await expect(d.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(d.getByText('must be an e-mail address', { exact: true })).toBeVisible();
  await expect(d.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');

  // a billing day out of range is refused beside the field too
  await d.getByLabel('E-mail').fill('');
  await d.getByLabel('Phone').fill('');
  await d.getByLabel('Billing day').fill('31');
  await d.getByRole('button', { name: 'Create customer' }).click();
  await expect(d.getByLabel('Billing day')).toHaveAttribute('aria-invalid', 'true');
});

test('the profile tabs open by URL and show their empty states', async ({ page }) => {
  const id = await createCustomer(page, { name: 'Tab Walker' });
  await page.goto(`/#/customers/${id}/services`);
  await expect(page.getByText('Internet services')).toBeVisible();
  await expect(page.getByText('No services yet').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Billing' }).click();
  await expect(page).toHaveURL(new RegExp(`#/customers/${id}/billing$`));
  await expect(page.getByText('No invoices yet')).toBeVisible();
  await page.getByRole('tab', { name: 'Tickets' }).click();
  await expect(page.getByText('No tickets yet')).toBeVisible();
  await page.getByRole('tab', { name: 'Log' }).click();
  // the creation itself is audited
  await expect(page.getByRole('table')).toContainText(/create/i);
});

test('a search that matches more customers than are counted says "1 000+", and its last page counts on', async ({ page, harness }) => {
  // 1 030 customers whose names start "Zed" (seeded in SQL: the form is tested above): the count stops at 1 000.
  const insert = harness.db.sqlite.prepare("INSERT INTO customers (name, status, category, partner_id, created_on) VALUES (?, 'active', 'person', 1, '2024-03-01')");
  harness.db.sqlite.transaction(() => {
    for (let i = 1; i <= 1030; i++) insert.run(`Zed Person ${i}`);
  })();
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto('/#/customers');
    await page.reload(); // the list starts again at page 1
    await page.getByLabel('Search').fill('zed');
    const table = page.getByRole('table');
    await expect(table.getByText('Zed Person 1', { exact: true })).toBeVisible();
    const pager = page.getByText(/^1 - 25 \/ 1.000\+$/);
    await pager.scrollIntoViewIfNeeded();
    await expect(pager).toBeInViewport();
    // the pager offers the 40 pages counted; the last one counts further and finds the rest: an exact total
    await page.getByRole('button', { name: '40', exact: true }).click();
    await expect(table.getByText('Zed Person 1000', { exact: true })).toBeVisible();
    const counted = page.getByText(/^976 - 1.000 \/ 1.030$/);
    await counted.scrollIntoViewIfNeeded();
    await expect(counted).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath(`pager-${viewport.width}.png`) });
  }
});
