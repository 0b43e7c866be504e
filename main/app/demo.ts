import { AppError } from '../contract/errors';
import { generateIsp } from '../demo/generate';
import type { AppContext } from './context';
import type { Handler } from './handlers';
import { getRow } from './prepared';
import { runStartOfDay } from './scheduler';

// system.createDemo: the demo ISP, generated into an empty database at first start (issue "Demo ISP"). The
// training clock is pinned to today's business date; history (invoices, payments, dunning) runs up to yesterday.

const createDemo: Handler<'system.createDemo'> = (ctx: AppContext, input) => {
  const n = getRow<{ n: number }>(ctx.db, 'SELECT count(*) AS n FROM customers')!.n;
  if (n > 0)
    throw new AppError('REFUSED', `The database already has ${n} customer(s): a demo ISP can only be created in an empty database`, undefined, { customers: n });
  const today = ctx.clock.today();
  const r = generateIsp(ctx.db, { customers: input.customers, seed: input.seed, today, demo: true });
  runStartOfDay(ctx, today);
  return {
    seed: r.seed,
    businessDate: today,
    historyFrom: r.historyFrom,
    customers: r.customers,
    services: r.services,
    invoices: r.invoices,
    payments: r.payments,
    byStatus: r.byStatus,
    ms: r.ms,
  };
};

export const demoHandlers = { 'system.createDemo': createDemo } satisfies { 'system.createDemo': Handler<'system.createDemo'> };
