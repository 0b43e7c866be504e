import type { APIRequestContext } from '@playwright/test';
import { radacctFileFor } from '../../main/radius/radacctPath';
import { StockRadacct } from '../helpers/stockRadacct';
import { expect, test } from './fixtures';
import { collectErrors, dialog } from './ui-helpers';

// RADIUS accounting on screen (issue 17): what the RADIUS server recorded (a radacct file beside the harness database,
// written with the stock FreeRADIUS queries' statements) is imported by "Read accounting now" and appears once in the
// service's traffic graph and its last sessions, however often it is read; an open session shows the customer Online.

async function rpc<T = unknown>(request: APIRequestContext, channel: string, data: object): Promise<T> {
  const res = await request.post(`/rpc/${channel}`, { data });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.data as T;
}

const local = (day: number, h: number, m = 0) => Math.floor(new Date(2024, 2, day, h, m).getTime() / 1000);

test('imported traffic appears once in the service graph, and an open session shows the customer online', async ({ page, harness }) => {
  const errors = collectErrors(page);
  const plan = await rpc<{ id: number }>(page.request, 'plans.create', { kind: 'internet', name: 'Fiber 100', price: 2000 });
  const customer = await rpc<{ id: number }>(page.request, 'customers.create', { name: 'Ava Lindqvist', status: 'active' });
  const service = await rpc<{ id: number }>(page.request, 'services.add', {
    customerId: customer.id,
    kind: 'internet',
    planId: plan.id,
    start: '2024-03-01',
    description: 'Home fiber',
    internet: { login: 'ava-pppoe' },
  });
  const rad = new StockRadacct(radacctFileFor(harness.db.file));
  try {
    rad.start({ user: 'ava-pppoe', session: 'A1', at: local(14, 10), framedIp: '100.64.0.7' });
    rad.interim({ user: 'ava-pppoe', session: 'A1', at: local(14, 10, 30), sessionTime: 1800, inOctets: 40_000_000, outOctets: 500_000_000, framedIp: '100.64.0.7' });
    rad.stop({ user: 'ava-pppoe', session: 'A1', at: local(14, 11), sessionTime: 3600, inOctets: 98_765_432, outOctets: 1_234_567_890 });
    // the session of right now: the router reported a minute ago
    rad.start({ user: 'ava-pppoe', session: 'A2', at: Math.floor(Date.now() / 1000) - 60, framedIp: '100.64.0.8' });

    await page.goto(`/#/customers/${customer.id}`);
    await page.getByRole('tab', { name: /Services/ }).click();
    const internet = page.getByTestId('services-internet');
    await internet.getByRole('button', { name: `Traffic graph of service ${service.id}` }).click();
    const d = dialog(page);
    await expect(d.getByText('No traffic recorded in this range')).toBeVisible();
    await expect(d.getByText('No RADIUS session recorded for this service')).toBeVisible();

    for (let read = 0; read < 2; read++) {
      await d.getByRole('button', { name: 'Read accounting now' }).click();
      await expect(d.getByTestId('usage-totals')).toHaveText('Download 1.2 GB · Upload 98.8 MB');
      await expect(d.getByTestId('usage-chart')).toBeVisible();
      const sessions = d.getByRole('table', { name: 'Last sessions' });
      await expect(sessions.getByRole('row')).toHaveCount(3); // header + two sessions
      await expect(sessions.getByTitle('1234567890 bytes')).toBeVisible();
      await expect(sessions.getByTitle('98765432 bytes')).toBeVisible();
    }
    await expect(d.getByTestId('service-sessions').getByTestId('online-badge').first()).toBeVisible();
    await page.keyboard.press('Escape');

    const usage = await rpc<{ day: string; rxBytes: number; txBytes: number }[]>(page.request, 'services.usage', { serviceId: service.id, from: '2024-03-01', to: '2024-03-15' });
    expect(usage).toEqual([{ day: '2024-03-14', rxBytes: 1_234_567_890, txBytes: 98_765_432 }]);

    await expect(internet.getByTestId('online-badge')).toBeVisible();
    await page.goto('/#/customers');
    await expect(page.getByRole('row', { name: /Ava Lindqvist/ }).getByTestId('online-badge')).toBeVisible();
  } finally {
    rad.close();
  }
  expect(errors).toEqual([]);
});

test('Config → Network shows when a silent session counts as offline, refuses out of range, and saves per partner', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/#/config/network');
  const interval = page.getByLabel('Accounting interim update interval of the routers (minutes)');
  const missed = page.getByLabel('Session offline after this many missed interim updates');
  await expect(interval).toHaveValue('5');
  await expect(missed).toHaveValue('3');

  await missed.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('must be a whole number 1–100')).toBeVisible();

  await interval.fill('10');
  await missed.fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const saved = await rpc<{ values: Record<string, unknown> }>(page.request, 'settings.get', { partnerId: 1 });
  expect(saved.values).toMatchObject({ 'network.interimIntervalMinutes': 10, 'network.staleAfterMissedInterims': 2 });
  await page.reload();
  await expect(page.getByLabel('Accounting interim update interval of the routers (minutes)')).toHaveValue('10');
  expect(errors).toEqual([]);
});
