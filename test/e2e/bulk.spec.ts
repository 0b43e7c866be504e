import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { collectErrors } from './ui-helpers';

// Tariff plans → Actions → "Change plan for all services": preview (paged) → exclude a row → apply with progress
// → result → undo. Plans, customers and services are set up through the harness's RPC door (same dispatch as the UI).

async function rpc<T>(request: APIRequestContext, channel: string, data: unknown): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

test('bulk tariff change: preview → exclude → apply → result → undo', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const r = page.request;
  const from = await rpc<{ id: number }>(r, 'plans.create', { kind: 'internet', name: 'Fiber_500', price: 20000 });
  await rpc(r, 'plans.create', { kind: 'internet', name: 'Fiber_100', price: 10000 });
  const services: { id: number; customerId: number }[] = [];
  // 27 services: more than one page of the preview (25 rows a page).
  for (let i = 1; i <= 27; i++) {
    const c = await rpc<{ id: number }>(r, 'customers.create', { name: `Bulk Customer ${String(i).padStart(2, '0')}`, status: 'active', createdOn: '2024-03-01' });
    services.push(await rpc<{ id: number; customerId: number }>(r, 'services.add', { customerId: c.id, kind: 'internet', planId: from.id, start: '2024-03-01' }));
  }
  const excluded = services[1];
  // one more service on the plan that ended before today: history, not part of the change, named with the reason
  const old = await rpc<{ id: number }>(r, 'customers.create', { name: 'Bulk Old Customer', status: 'active', createdOn: '2024-01-01' });
  const ended = await rpc<{ id: number }>(r, 'services.add', { customerId: old.id, kind: 'internet', planId: from.id, start: '2024-01-01', end: '2024-02-29', status: 'disabled' });

  // Step 1: from the plan's Actions menu.
  await page.goto('/#/plans/internet');
  await page.getByRole('button', { name: 'Actions for plan Fiber_500', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Change plan for all services' }).click();
  const wizard = page.getByRole('dialog', { name: /Change plan for all services — Fiber_500/ });
  await expect(wizard).toBeVisible();
  await expect(wizard.getByText(/Every current service on Fiber_500 \(of its 28 services; ended ones stay/)).toBeVisible();
  await wizard.getByLabel('New plan start date').fill('2024-03-20');
  await wizard.getByRole('combobox', { name: 'New plan', exact: true }).click();
  await page.getByRole('option', { name: /Fiber_100/ }).click();
  await expect(wizard.getByRole('textbox', { name: 'Description' })).toHaveValue('Fiber_100');
  await expect(wizard.getByRole('textbox', { name: 'Price' })).toHaveValue('100.00');
  await wizard.getByRole('button', { name: 'Preview', exact: true }).click();

  // Step 2: preview — one row per service, paged on the server; leave one out.
  const preview = wizard.getByRole('table', { name: 'Preview' });
  // one count, from the plan's 28 services to the rows: 27 listed, the ended one named with its reason
  const counts = wizard.getByTestId('bulk-counts');
  await expect(counts).toContainText('Of the 28 services on Fiber_500: 27 to change, 0 excluded by you, 0 cannot change');
  await expect(counts).toContainText('and 1 not listed');
  await expect(wizard.getByTestId('bulk-left-out')).toContainText(`service #${ended.id} of Bulk Old Customer — disabled, ended on 2024-02-29`);
  await expect(preview.getByRole('row')).toHaveCount(26); // header + 25 rows of the first page
  await expect(preview.getByText('Bulk Customer 01')).toBeVisible();
  await expect(preview.getByText('Bulk Customer 27')).toBeHidden();
  const include = preview.getByRole('checkbox', { name: `Include service #${excluded.id}`, exact: true });
  await include.click(); // saved on the server (bulk.exclude), then the page of rows reloads
  await expect(include).not.toBeChecked();
  await expect(counts).toContainText('26 to change, 1 excluded by you');
  await wizard.getByRole('button', { name: 'Change tariff', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Change tariff?' });
  await expect(confirm).toContainText('26 services move from Fiber_500 to Fiber_100 on 2024-03-20');
  await confirm.getByRole('button', { name: 'Confirm', exact: true }).click();

  // Step 3/4: processing (progress bar), then the result with a row per service.
  await expect(wizard.getByText('Bulk change applied')).toBeVisible({ timeout: 30_000 });
  await expect(wizard.getByText('26 services changed to Fiber_100 from 2024-03-20')).toBeVisible();
  const result = wizard.getByRole('table', { name: 'Result' });
  await expect(result.getByText('Success').first()).toBeVisible();
  await expect(result.getByRole('row', { name: /Bulk Customer 02/ })).toContainText('Excluded');
  await wizard.getByText('Success (26)').click();
  await expect(result.getByText('Excluded')).toBeHidden();
  await expect(result.getByRole('row', { name: /Bulk Customer 01/ })).toContainText('Success');

  const changed = await rpc<{ end: string | null; planId: number }>(r, 'services.get', { id: services[0].id });
  expect(changed).toMatchObject({ end: '2024-03-19', planId: from.id });
  expect(await rpc<{ end: string | null }>(r, 'services.get', { id: excluded.id })).toMatchObject({ end: null });
  const pending = await rpc<{ total: number }>(r, 'changePlan.list', { status: 'pending' });
  expect(pending.total).toBe(26);

  // Undo (before the start date): every change cancelled, services restored.
  await wizard.getByRole('button', { name: 'Undo this change', exact: true }).click();
  const undo = page.getByRole('dialog', { name: 'Undo bulk change?' });
  await undo.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(wizard.getByText(/Undone on 2024-03-15/)).toBeVisible();
  await expect(wizard.getByText('26 changes cancelled')).toBeVisible();
  expect(await rpc<{ end: string | null; status: string }>(r, 'services.get', { id: services[0].id })).toMatchObject({ end: null, status: 'active' });
  expect((await rpc<{ total: number }>(r, 'changePlan.list', { status: 'pending' })).total).toBe(0);
  await expect(wizard.getByRole('button', { name: 'Undo this change', exact: true })).toBeDisabled();

  // The batch stays in the plan's history.
  await wizard.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('button', { name: 'Actions for plan Fiber_500', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Change plan for all services' }).click();
  await expect(page.getByRole('table', { name: 'Earlier bulk changes' }).getByText('Undone')).toBeVisible();
  expect(errors).toEqual([]);
});
