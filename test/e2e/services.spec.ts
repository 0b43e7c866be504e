import { expect, test } from './fixtures';
import { choose, collectErrors, createCustomer, createNetwork, createPlan, dialog } from './ui-helpers';

test('add an Internet service with a permanent IP; bad MAC and duplicate login are shown beside their fields', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  await createNetwork(page, '10.20.0.0/24');
  await createPlan(page, 'internet', 'Fiber 100', '20.00');
  const id = await createCustomer(page, { name: 'Net Customer', status: 'Active', login: 'netc', password: 'pw123456' });

  await page.goto(`/#/customers/${id}/services`);
  await page.getByRole('button', { name: 'Add Internet service' }).click();
  let d = dialog(page);
  await choose(page, d, 'Plan', 'Fiber 100');
  // the price is prefilled from the plan and can be overridden
  await expect(d.getByLabel('Price', { exact: true })).toHaveValue('20.00');
  await d.getByLabel('Description').fill('Home fiber');
  await d.getByLabel('Login', { exact: true }).fill('netc-1');
  await choose(page, d, 'IPv4 assignment', 'Permanent IP');
  await d.getByLabel('IPv4', { exact: true }).fill('10.20.0.10');
  await page.keyboard.press('Escape'); // closes the address suggestions, not the dialog
  await d.getByLabel('MAC(s)').fill('00:1A:2B:3C:4D:ZZ');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d.getByLabel('MAC(s)')).toHaveAttribute('aria-invalid', 'true');
  await expect(d.getByText(/must be MAC addresses/).first()).toBeVisible();

  await d.getByLabel('MAC(s)').fill('00:1A:2B:3C:4D:5E');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d).toBeHidden();
  const internet = page.getByTestId('services-internet');
  await expect(internet.getByText('Home fiber')).toBeVisible();
  await expect(internet.getByText('netc-1 · 10.20.0.10')).toBeVisible();
  await expect(internet.getByText('Fiber 100', { exact: true })).toBeVisible();
  await expect(internet.getByText('20.00')).toBeVisible();

  // a second service with the same login is refused, beside the login field
  await page.getByRole('button', { name: 'Add Internet service' }).click();
  d = dialog(page);
  await choose(page, d, 'Plan', 'Fiber 100');
  await d.getByLabel('Login', { exact: true }).fill('netc-1');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d.getByLabel('Login', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(d.getByRole('alert')).toBeVisible();

  // the same permanent address is refused too
  await d.getByLabel('Login', { exact: true }).fill('netc-2');
  await choose(page, d, 'IPv4 assignment', 'Permanent IP');
  await d.getByLabel('IPv4', { exact: true }).fill('10.20.0.10');
  await page.keyboard.press('Escape');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d.getByLabel('IPv4', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();

  // the change-plan action is there (its dialog comes later)
  await expect(internet.getByRole('button', { name: 'Change plan' })).toBeVisible();
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

test('edit, discount, schedule, geolocate and delete a service', async ({ page }) => {
  test.setTimeout(90_000);
  await createPlan(page, 'custom', 'Support', '5.00');
  const id = await createCustomer(page, { name: 'Custom Customer', status: 'Active' });
  await page.goto(`/#/customers/${id}/services`);
  await page.getByRole('button', { name: 'Add Custom service' }).click();
  let d = dialog(page);
  await choose(page, d, 'Plan', 'Support');
  await d.getByLabel('Price', { exact: true }).fill('7.50');
  await d.getByLabel('Start date').fill('2024-04-01');
  await d.getByRole('button', { name: 'Add service' }).click();
  await expect(d).toBeHidden();
  const custom = page.getByTestId('services-custom');
  await expect(custom.getByText('7.50')).toBeVisible();
  await expect(custom.getByText('Pending')).toBeVisible();
  const sid = (await custom.getByRole('row').nth(1).getByRole('cell').first().innerText()).trim();

  // Discounts opens the edit dialog at its discount section
  await custom.getByRole('button', { name: `Discounts of service ${sid}` }).click();
  d = dialog(page);
  await d.getByLabel('Discount', { exact: true }).check();
  await d.getByLabel('Discount %').fill('10');
  await d.getByLabel('Discount message').fill('Loyalty');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(custom.getByText(/Discount 10 %/)).toBeVisible();

  // a discount over 100 % is refused beside the field
  await custom.getByRole('button', { name: `Edit service ${sid}` }).click();
  d = dialog(page);
  await d.getByLabel('Discount %').fill('150');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d.getByLabel('Discount %')).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();

  // schedule a future status change
  await custom.getByRole('button', { name: `Schedule a future change for service ${sid}` }).click();
  d = dialog(page);
  await choose(page, d, 'New status', 'Stopped');
  await d.getByLabel('On date').fill('2024-06-01');
  await d.getByRole('button', { name: 'Schedule' }).click();
  await expect(d).toBeHidden();
  await expect(custom.getByText(/Stopped 2024-06-01/)).toBeVisible();

  // geolocate
  await custom.getByRole('button', { name: `Geolocate service ${sid}` }).click();
  d = dialog(page);
  await d.getByLabel('Address').fill('Main street 1');
  await d.getByLabel('Latitude').fill('95');
  await d.getByLabel('Longitude').fill('14.42');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d.getByLabel('Latitude')).toHaveAttribute('aria-invalid', 'true');
  await d.getByLabel('Latitude').fill('50.08');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();

  // traffic graph opens (no traffic recorded)
  await custom.getByRole('button', { name: `Traffic graph of service ${sid}` }).click();
  d = dialog(page);
  await expect(d.getByLabel('From')).toBeVisible();
  await page.keyboard.press('Escape');

  // delete with confirmation (never invoiced, so it goes)
  await custom.getByRole('button', { name: `Delete service ${sid}` }).click();
  d = dialog(page);
  await expect(d.getByText(/Delete service #/)).toBeVisible();
  await d.getByRole('button', { name: 'Delete' }).click();
  await expect(d).toBeHidden();
  await expect(custom.getByText('No services yet')).toBeVisible();
});

test('an Inactive customer cannot get new services, and the button says why', async ({ page }) => {
  const id = await createCustomer(page, { name: 'Gone Customer', status: 'Inactive' });
  await page.goto(`/#/customers/${id}/services`);
  await expect(page.getByRole('button', { name: 'Add Internet service' })).toBeDisabled();
  await expect(page.getByText(/The customer is Inactive/).first()).toBeVisible();
});
