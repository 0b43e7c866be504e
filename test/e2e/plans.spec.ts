import { expect, test } from './fixtures';
import { choose, createCustomer, createPlan, dialog } from './ui-helpers';

test('create and edit tariff plans of each kind; a price change can update existing services', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#/plans/internet');
  await expect(page.getByText('No Internet plans yet')).toBeVisible();

  // Internet plan with speeds and VAT
  await page.getByRole('button', { name: 'Add Internet plan' }).first().click();
  let d = dialog(page);
  await d.getByLabel('Name', { exact: true }).fill('Fiber 300');
  await d.getByLabel('Price', { exact: true }).fill('30.00');
  await d.getByLabel('VAT %').fill('21');
  await d.getByLabel('VAT included').check();
  await d.getByLabel('Download speed (kbps)').fill('300000');
  await d.getByLabel('Upload speed (kbps)').fill('50000');
  await d.getByRole('button', { name: 'Add plan' }).click();
  await expect(d).toBeHidden();
  const row = page.getByRole('row', { name: /Fiber 300/ });
  await expect(row).toContainText('30.00');
  await expect(row).toContainText('21 % incl.');
  await expect(row).toContainText('300 Mbps / 50 Mbps');

  // a missing name and a bad price are refused beside the fields
  await page.getByRole('button', { name: 'Add Internet plan' }).first().click();
  d = dialog(page);
  await d.getByLabel('Price', { exact: true }).fill('abc');
  await d.getByRole('button', { name: 'Add plan' }).click();
  await expect(d.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(d.getByLabel('Price', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();

  // a second plan offered in the portal from the first
  await createPlan(page, 'internet', 'Fiber 500', '45.00');
  await page.getByRole('button', { name: 'Edit plan Fiber 300' }).click();
  d = dialog(page);
  await d.getByLabel('Tariff plans available in customer portal', { exact: true }).first().click();
  await page.getByRole('option', { name: 'Fiber 500' }).click();
  await page.keyboard.press('Escape');
  await d.getByLabel('Enabled').uncheck();
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('row', { name: /Fiber 300/ })).toContainText('Disabled');

  // voice and custom tabs
  await page.getByRole('tab', { name: 'Voice' }).click();
  await expect(page).toHaveURL(/#\/plans\/voice$/);
  await page.getByRole('button', { name: 'Add Voice plan' }).first().click();
  d = dialog(page);
  await d.getByLabel('Name', { exact: true }).fill('VoIP basic');
  await d.getByLabel('Price', { exact: true }).fill('3.00');
  await choose(page, d, 'Voice type', 'VoIP');
  await d.getByRole('button', { name: 'Add plan' }).click();
  await expect(d).toBeHidden();
  // the voice type in words (its column after name, price and VAT)
  await expect(page.getByRole('row', { name: /VoIP basic/ }).getByRole('cell').nth(4)).toHaveText('VoIP');
  await createPlan(page, 'custom', 'Static IP fee', '2.00');
});

test('changing a plan price offers to update the services on it', async ({ page }) => {
  test.setTimeout(90_000);
  await createPlan(page, 'custom', 'Backup', '10.00');
  const id = await createCustomer(page, { name: 'Plan User', status: 'Active' });
  await page.goto(`/#/customers/${id}/services`);
  await page.getByRole('button', { name: 'Add Custom service' }).click();
  const sd = dialog(page);
  await choose(page, sd, 'Plan', 'Backup');
  await sd.getByRole('button', { name: 'Add service' }).click();
  await expect(sd).toBeHidden();

  await page.goto('/#/plans/custom');
  await page.getByRole('button', { name: 'Edit plan Backup' }).click();
  const d = dialog(page);
  await expect(d.getByLabel('Update all')).toBeDisabled();
  await d.getByLabel('Price', { exact: true }).fill('12.00');
  await d.getByLabel('Update those with the old plan price').check();
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('1 existing service now has the new price.')).toBeVisible();
  await page.getByRole('button', { name: 'OK' }).click();

  await page.goto(`/#/customers/${id}/services`);
  await expect(page.getByTestId('services-custom').getByText('12.00')).toBeVisible();
});
