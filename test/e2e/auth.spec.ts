import { expect, test } from './fixtures';

// The back office as staff meet it: the first start creates the administrator, later starts ask for sign-in,
// and a support member cannot post a payment however the screen is used.
test.use({ staffAuth: true });

test('first start creates the administrator; sign out and sign in again; a wrong password is refused', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to ISP Back Office' })).toBeVisible();
  await page.getByLabel('Administrator name').fill('Alice Admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('needs at least 10 characters', { exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('button', { name: 'Signed in as Alice Admin' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Customers', level: 2 })).toBeVisible();

  await page.getByRole('button', { name: 'Signed in as Alice Admin' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to ISP Back Office' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Alice Admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong name or password').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Signed in as Alice Admin' })).toBeVisible();
});

test('an administrator adds a support member, who may not record a payment', async ({ page, request, harness }) => {
  const setup = await request.post(`${harness.url}rpc/auth.setup`, { data: { name: 'Alice Admin', password: 'correct horse battery' } });
  const admin = ((await setup.json()) as { data: { token: string } }).data.token;
  const customer = await request.post(`${harness.url}rpc/customers.create`, { data: { name: 'Ann Customer', status: 'active' }, headers: { 'X-Staff-Session': admin } });
  const customerId = ((await customer.json()) as { data: { id: number } }).data.id;

  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Alice Admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto('/#/config/staff');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Sam Support');
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('sam password 1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'Sam Support', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Signed in as Alice Admin' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Sam Support');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('sam password 1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Signed in as Sam Support' })).toBeVisible();

  // The screen may offer the action; the application layer refuses it for this role.
  const res = await page.evaluate(async (id) => {
    const r = await fetch('/rpc/billing.addPayment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Staff-Session': sessionStorage.getItem('isp.staffSession') ?? '' },
      body: JSON.stringify({ customerId: id, amount: 1000 }),
    });
    return (await r.json()) as { ok: boolean; error: { code: string; message: string } };
  }, customerId);
  expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(res.error.message).toContain('may not post money');
});

test('a trainer starts with a generated demo ISP and its training clock', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Administrator name').fill('Tom Trainer');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('training day one');
  await page.getByLabel('A generated demo ISP with a training clock (for trainers)').check();
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('button', { name: 'Signed in as Tom Trainer' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Demo database')).toBeVisible();
  // A few hundred customers with services and history, paged by the server.
  await expect(page.getByText(/\/ 300\b/)).toBeVisible();
});

test('a password reset elsewhere sends the signed-in page back to sign-in at its next call', async ({ page, request, harness }) => {
  const rpc = async (channel: string, data: unknown, token?: string) =>
    (await (await request.post(`${harness.url}rpc/${channel}`, { data, headers: token ? { 'X-Staff-Session': token } : {} })).json()) as {
      ok: boolean;
      data: { token: string; id: number };
    };
  const admin = (await rpc('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' })).data.token;
  const sam = (await rpc('staff.create', { name: 'Sam Support', role: 'support', password: 'sam password 1' }, admin)).data;

  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Sam Support');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('sam password 1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Signed in as Sam Support' })).toBeVisible();

  // another window or process: the administrator resets Sam's password
  expect((await rpc('staff.update', { id: sam.id, password: 'a brand new one' }, admin)).ok).toBe(true);
  await page.goto('/#/tickets');
  await expect(page.getByRole('heading', { name: 'Sign in to ISP Back Office' })).toBeVisible();
});
