import type { AppContext } from '../main/app/context';
import { call } from '../main/app/dispatch';
import { runDaysUntil } from '../main/app/scheduler';

// A plan with N customers on it, each with one service invoiced on the billing day (so a change has refunds to
// quote): used by the bulk-change benchmark and tests. Created through dispatch, like every other caller.

export interface BulkSeed {
  fromPlanId: number;
  toPlanId: number;
  customerIds: number[];
  serviceIds: number[];
}

/** Call with ctx.clock at `created` (e.g. 2024-01-01); runs the days up to `runUntil` so the services are invoiced. */
export function seedPlanWithServices(ctx: AppContext, n: number, opts: { created: string; runUntil?: string; fromPrice?: number; toPrice?: number; settings?: Record<string, unknown>; beforeBilling?: (seed: BulkSeed) => void }): BulkSeed {
  if (opts.settings) call(ctx, 'settings.update', { partnerId: 1, values: opts.settings });
  const from = call(ctx, 'plans.create', { kind: 'internet', name: 'Ethernet_500Mbps', price: opts.fromPrice ?? 20000 });
  const to = call(ctx, 'plans.create', { kind: 'internet', name: 'Ethernet_100Mbps', price: opts.toPrice ?? 10000 });
  const customerIds: number[] = [];
  const serviceIds: number[] = [];
  ctx.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const c = call(ctx, 'customers.create', { name: `Customer ${String(i + 1).padStart(5, '0')}`, status: 'active', createdOn: opts.created });
      const s = call(ctx, 'services.add', { customerId: c.id, kind: 'internet', planId: from.id, start: opts.created });
      customerIds.push(c.id);
      serviceIds.push(s.id);
    }
  });
  const seed = { fromPlanId: from.id, toPlanId: to.id, customerIds, serviceIds };
  opts.beforeBilling?.(seed);
  // The creation day's end of day is the billing day (billing day 1): the services are invoiced for the month.
  runDaysUntil(ctx, opts.created);
  if (opts.runUntil) runDaysUntil(ctx, opts.runUntil);
  return seed;
}
