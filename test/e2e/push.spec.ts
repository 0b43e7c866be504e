import { expect, test } from './fixtures';
import { dialog } from './ui-helpers';

// Push (issue 20 item 2): two seats (two browser contexts: separate storage, separate event streams) on the same
// harness. A payment taken at one seat appears at the other — the customer's page and the customers list — without
// a reload or any navigation there, and at the taking seat without a hand-written reload.

test('a payment taken at one seat shows at the other seat without reloading', async ({ browser, harness }) => {
  test.setTimeout(60_000);
  const created = await fetch(`${harness.url}rpc/customers.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Pushed Customer', status: 'active' }),
  }).then((r) => r.json() as Promise<{ ok: boolean; data: { id: number } }>);
  expect(created.ok).toBe(true);
  const id = created.data.id;

  const seatA = await browser.newContext({ baseURL: harness.url });
  const seatB = await browser.newContext({ baseURL: harness.url });
  try {
    const a = await seatA.newPage();
    const b = await seatB.newPage();
    const list = await seatB.newPage();
    await a.goto(`/#/customers/${id}/billing`);
    await b.goto(`/#/customers/${id}/billing`);
    await list.goto('/#/customers');

    const paymentsTab = (p: typeof b) => p.getByRole('tab', { name: /^Payments/ });
    await expect(paymentsTab(b)).toContainText('(0)');
    await paymentsTab(b).click();
    await expect(b.getByText('No payments yet')).toBeVisible();
    const row = list.getByRole('row', { name: /Pushed Customer/ });
    await expect(row).toContainText('0.00');
    // A reload would lose these marks; a navigation would change the address.
    for (const p of [b, list]) await p.evaluate(() => ((window as unknown as { seatMark: number }).seatMark = 1));
    const before = { b: b.url(), list: list.url() };

    await a.getByRole('button', { name: 'Add payment' }).first().click();
    const d = dialog(a);
    await d.getByLabel('Amount').fill('25.00');
    await d.getByLabel('Reference').fill('PUSH-1');
    await d.getByRole('button', { name: 'Add payment' }).click();
    await expect(d).toBeHidden();

    // the taking seat: its own page follows (no reload() after the write any more)
    await expect(paymentsTab(a)).toContainText('(1)');
    await expect(a.getByTestId('customer-balance')).toContainText('25.00');
    // the other seat: the open Payments list, the header balance and the customers list
    await expect(b.getByRole('table', { name: 'Payments' })).toContainText('PUSH-1');
    await expect(paymentsTab(b)).toContainText('(1)');
    await expect(b.getByTestId('customer-balance')).toContainText('25.00');
    await expect(row).toContainText('25.00');
    for (const p of [b, list]) expect(await p.evaluate(() => (window as unknown as { seatMark?: number }).seatMark)).toBe(1);
    expect({ b: b.url(), list: list.url() }).toEqual(before);
  } finally {
    await seatA.close();
    await seatB.close();
  }
});
