import { dispatch } from '../../main/app/dispatch';
import { fixedClock } from '../../main/app/context';
import { expect, test } from './fixtures';
import { choose, dialog } from './ui-helpers';

// Network enforcement in the back office: a router's RADIUS fields (secret write-only), the partner's network
// settings, and a service's Network panel — what RADIUS answers its login now and why, and its Disconnect-Requests.

for (const width of [1024, 1440]) {
  test(`routers, network settings and a service's Network panel at ${width} px`, async ({ page, harness }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 800 });

    // Config → Routers: a MikroTik authorising PPP through RADIUS
    await page.goto('/#/config/routers');
    await page.getByRole('button', { name: 'Add router' }).first().click();
    let d = dialog(page);
    await d.getByLabel('Router title').fill('Core');
    await choose(page, d, 'Authorisation method', 'PPP (PPPoE) RADIUS');
    await d.getByRole('button', { name: 'Save' }).click();
    await expect(d.getByLabel('NAS IP')).toHaveAttribute('aria-invalid', 'true');
    await d.getByLabel('NAS IP').fill('192.0.2.1');
    await d.getByLabel('RADIUS secret').fill('very-secret-1');
    await d.getByRole('button', { name: 'Save' }).click();
    await expect(d).toBeHidden();
    await expect(page.getByText('secret set')).toBeVisible();
    await expect(page.getByText('CoA 3799')).toBeVisible();
    // the secret never comes back: the edit form shows it empty and keeps it when left so
    await page.getByRole('button', { name: 'Edit router Core' }).click();
    d = dialog(page);
    await expect(d.getByLabel('RADIUS secret')).toHaveValue('');
    await d.getByRole('button', { name: 'Save' }).click();
    await expect(d).toBeHidden();
    await expect(page.getByText('secret set')).toBeVisible();
    await expect(page.locator('body')).not.toContainText('very-secret-1');

    // Config → Network: Default's blocking method, then the (empty) network log
    await page.getByRole('tab', { name: 'Network', exact: true }).click();
    await choose(page, page, 'Blocked customers are', 'Accepted into the blocked pool (payment page)');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('No request to a router yet', { exact: false })).toBeVisible();

    // A customer with an Internet service on that router
    const ctx = { db: harness.db, clock: fixedClock('2024-03-15'), actor: { kind: 'staff' as const, name: 'e2e' } };
    const must = <T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    };
    const routerId = must(dispatch(ctx, 'routers.list', {}))[0].id;
    const plan = must(dispatch(ctx, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 3000, downloadKbps: 100000, uploadKbps: 20000 }));
    const c = must(dispatch(ctx, 'customers.create', { name: 'Lena Vogel', status: 'active' }));
    const s = must(dispatch(ctx, 'services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2024-03-01', internet: { login: 'lena', password: 'pw', routerId } }));

    await page.goto(`/#/customers/${c.id}`);
    await page.getByRole('tab', { name: /Services/ }).click();
    await page.getByRole('button', { name: `Network of service ${s.id}` }).click();
    d = dialog(page);
    await expect(d.getByLabel('RADIUS answer: accept')).toBeVisible();
    await expect(d.getByTestId('network-sentence')).toContainText('Active customer → accepted');
    await expect(d.getByRole('cell', { name: '20000k/100000k' })).toBeVisible();
    await expect(d.getByText('No request to a router yet', { exact: false })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(d).toBeHidden();

    // Blocked: the login goes to the blocked pool, and the router is told once
    must(dispatch(ctx, 'customers.update', { id: c.id, status: 'blocked' }));
    await page.reload();
    await page.getByRole('tab', { name: /Services/ }).click();
    await page.getByRole('button', { name: `Network of service ${s.id}` }).click();
    d = dialog(page);
    await expect(d.getByTestId('network-sentence')).toHaveText("Blocked customer → blocked pool 'blocked', address list 'Reject_1' (partner Default)");
    await expect(d.getByRole('cell', { name: 'lena' })).toBeVisible();
    await expect(d.getByRole('table', { name: 'Requests to routers' }).locator('tbody tr')).toHaveCount(1);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
  });
}
