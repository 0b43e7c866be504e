import { expect, test } from './fixtures';
import { choose, dialog } from './ui-helpers';

test('partners, per-partner settings with the "differs from Default" mark and reset', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/#/config/partners');
  await expect(page.getByRole('cell', { name: 'Default', exact: false }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Add partner' }).click();
  let d = dialog(page);
  await d.getByLabel('Partner name').fill('North ISP');
  await d.getByRole('button', { name: 'Add partner' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name: 'North ISP', exact: true })).toBeVisible();

  // an empty name is refused beside the field
  await page.getByRole('button', { name: 'Add partner' }).click();
  d = dialog(page);
  await d.getByRole('button', { name: 'Add partner' }).click();
  await expect(d.getByLabel('Partner name')).toHaveAttribute('aria-invalid', 'true');
  await d.getByRole('button', { name: 'Cancel' }).click();

  // change-plan settings of the new partner: a value that differs from Default gets the mark and a reset
  await page.getByRole('tab', { name: 'Change plan' }).click();
  await expect(page).toHaveURL(/#\/config\/changePlan$/);
  await choose(page, page, 'Partner', 'North ISP');
  const fee = page.getByLabel('Additional fee when changing to a more expensive plan', { exact: true });
  await expect(fee).toHaveValue('0.00');
  const row = page.locator('tr[data-setting="changePlan.feeMoreExpensive"]');
  await expect(row).toHaveAttribute('data-differs', 'false');
  await fee.fill('2.50');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(row).toHaveAttribute('data-differs', 'true');
  await expect(row.getByText('* differs from Default')).toBeVisible();
  await expect(page.getByLabel('Additional fee when changing to a more expensive plan', { exact: true })).toHaveValue('2.50');

  // Default itself is unchanged
  await choose(page, page, 'Partner', 'Default');
  await expect(page.getByLabel('Additional fee when changing to a more expensive plan', { exact: true })).toHaveValue('0.00');
  await expect(page.getByText('* differs from Default')).toHaveCount(0);

  // reset brings the Default value back
  await choose(page, page, 'Partner', 'North ISP');
  await page.getByRole('button', { name: 'Reset Additional fee when changing to a more expensive plan to Default' }).click();
  await expect(page.locator('tr[data-setting="changePlan.feeMoreExpensive"]')).toHaveAttribute('data-differs', 'false');
  await expect(page.getByLabel('Additional fee when changing to a more expensive plan', { exact: true })).toHaveValue('0.00');

  // finance settings: a bad value is refused beside the field
  await page.getByRole('tab', { name: 'Finance settings' }).click();
  await page.getByLabel('Billing day', { exact: true }).fill('40');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Billing day', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Billing day', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Billing day', { exact: true })).toHaveValue('10');

  // portal settings render
  await page.getByRole('tab', { name: 'Portal' }).click();
  await expect(page.getByLabel('Internet: request tariff plan change')).toBeVisible();
  await expect(page.getByLabel('Menu: Statistics')).toBeVisible();
  // the Documents switch is not offered (no Documents page), neither labelled nor as a raw key
  await expect(page.getByText(/Documents|portal\.menu\.documents/)).toHaveCount(0);
});

test('routers, IPv4 networks and pools', async ({ page }) => {
  await page.goto('/#/config/routers');
  await expect(page.getByText('No routers yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add router' }).first().click();
  let d = dialog(page);
  await d.getByLabel('Router title').fill('Core router');
  await d.getByLabel('Router address').fill('192.0.2.1');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name: 'Core router', exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'IPv4 networks' }).click();
  await page.getByRole('button', { name: 'Add network' }).click();
  d = dialog(page);
  await d.getByLabel('Network', { exact: true }).fill('10.9.0.0/33');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d.getByLabel('Network', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await d.getByLabel('Network', { exact: true }).fill('10.9.0.0/24');
  await choose(page, d, 'Assignment type', 'Dynamic');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name: '10.9.0.0/24', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Add pool' }).click();
  d = dialog(page);
  await d.getByLabel('Pool title').fill('Pool A');
  await choose(page, d, 'Pool network', '10.9.0.0/24');
  await d.getByRole('button', { name: 'Save' }).click();
  await expect(d).toBeHidden();
  await expect(page.getByRole('cell', { name: 'Pool A', exact: true })).toBeVisible();
});

test('money is shown with the decimal separator and currency of the settings', async ({ page, request, harness }) => {
  const post = async (channel: string, data: unknown) => ((await (await request.post(`${harness.url}rpc/${channel}`, { data })).json()) as { data: { id: number } }).data;
  const c = await post('customers.create', { name: 'Format Customer', status: 'active' });
  await post('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Installation', amount: 123456 }] });

  await page.goto('/#/config/finance');
  await choose(page, page, 'Decimal separator', 'Comma (1.234,56)');
  await page.getByLabel('Currency shown after amounts', { exact: true }).fill('EUR');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('tr[data-setting="display.currency"]')).toBeVisible();
  // saved in the Default partner's settings (the back office's display follows them)
  await expect
    .poll(async () => {
      const saved = (await (await request.post(`${harness.url}rpc/settings.get`, { data: { partnerId: 1 } })).json()) as { data: { values: Record<string, unknown> } };
      return [saved.data.values['display.decimalSeparator'], saved.data.values['display.currency']];
    })
    .toEqual([',', 'EUR']);

  await page.goto(`/#/customers/${c.id}`);
  await page.reload();
  await expect(page.getByTestId('customer-balance')).toHaveText('-1.234,56 EUR');
});

test('an unsaved settings edit stays when another seat saves a different setting meanwhile', async ({ page, harness }) => {
  await page.goto('/#/config/finance');
  const billingDay = page.getByLabel('Billing day', { exact: true });
  const dueDays = page.getByLabel('Payment due (days after document date)', { exact: true });
  await expect(billingDay).toBeVisible();
  await billingDay.fill('12');
  // another seat saves the payment due days (the harness's rpc door, as a second workstation would)
  const saved = await fetch(`${harness.url}rpc/settings.update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partnerId: 1, values: { 'billing.paymentDueDays': 21 } }),
  }).then((r) => r.json() as Promise<{ ok: boolean }>);
  expect(saved.ok).toBe(true);
  // this seat shows the other seat's value by push, and still holds its own edit, unsaved
  await expect(dueDays).toHaveValue('21');
  await expect(billingDay).toHaveValue('12');
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeEnabled();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await page.reload();
  await expect(billingDay).toHaveValue('12');
  await expect(dueDays).toHaveValue('21');
});
