import { expect, type Locator, type Page } from '@playwright/test';
import type { ChannelName, InputOf, OutputOf } from '../../main/contract';
import { choose } from './ui-helpers';

// Helpers of the change-plan specs. Setup data (settings, plans, the customer, a payment) goes through /rpc like
// another window would; the change itself, its refusals, apply and cancel are done by clicking the UI.

export async function rpc<C extends ChannelName>(page: Page, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const res = await page.request.post(`/rpc/${channel}`, { data: input });
  const body = (await res.json()) as { ok: boolean; data?: OutputOf<C>; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${channel} refused: ${body.error?.code} ${body.error?.message}`);
  return body.data as OutputOf<C>;
}

export interface SeedWorld {
  customerId: number;
  serviceId: number;
  p500: number;
  p100: number;
}

/** The seed scenario's settings and plans (../shared/scenarios/01-seed-downgrade-refund-fee.json). */
export async function seedSettingsAndPlans(page: Page, refund: 'unused' | 'none' = 'unused'): Promise<{ p500: number; p100: number }> {
  await rpc(page, 'settings.update', {
    partnerId: 1,
    values: {
      'billing.day': 1,
      'changePlan.refund': refund,
      'changePlan.feeMoreExpensive': 0,
      'changePlan.feeLessExpensive': 3000,
      'changePlan.invoice': 'endOfActiveMonth',
    },
  });
  const p500 = await rpc(page, 'plans.create', { kind: 'internet', name: 'Ethernet_500Mbps', price: 20000 });
  const p100 = await rpc(page, 'plans.create', { kind: 'internet', name: 'Ethernet_100Mbps', price: 10000 });
  return { p500: p500.id, p100: p100.id };
}

/**
 * The seed story up to the change day, on a demo database whose training clock starts on 2022-01-01: customer and
 * service created on 2022-01-01, invoiced 200.00 on the billing day, paid 200.00 on 2022-01-02, clock on 2022-01-11.
 */
export async function seedUntilChangeDay(page: Page, refund: 'unused' | 'none' = 'unused'): Promise<SeedWorld> {
  const plans = await seedSettingsAndPlans(page, refund);
  const customer = await rpc(page, 'customers.create', { name: 'Ethan Carter', status: 'active' });
  const service = await rpc(page, 'services.add', { customerId: customer.id, kind: 'internet', planId: plans.p500, start: '2022-01-01' });
  await rpc(page, 'days.advance', { days: 1 });
  await rpc(page, 'billing.addPayment', { customerId: customer.id, amount: 20000 });
  await rpc(page, 'days.advance', { to: '2022-01-11' });
  return { customerId: customer.id, serviceId: service.id, ...plans };
}

export function changePlanButton(page: Page, serviceId: number): Locator {
  return page.locator(`[aria-label="Change plan"][data-service-id="${serviceId}"]`);
}

export function changeDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /Change plan/ });
}

/** Opens the dialog from the Services tab and fills start date and plan. */
export async function openChangePlan(page: Page, w: { customerId: number; serviceId: number }, start: string, plan?: string): Promise<Locator> {
  await page.goto(`/#/customers/${w.customerId}/services`);
  await changePlanButton(page, w.serviceId).click();
  const d = changeDialog(page);
  await expect(d).toBeVisible();
  const date = d.getByLabel('New plan start date');
  await date.fill(start);
  if (plan) await choose(page, d, 'New plan', plan);
  return d;
}

/** The row of a service in the Services tab, found by its ID cell. */
export function serviceRow(page: Page, serviceId: number): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: String(serviceId), exact: true }) });
}
