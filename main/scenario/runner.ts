import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase, type AppDb } from '../../db/open';
import { call } from '../app/dispatch';
import type { AppContext } from '../app/context';
import { runEndOfDay, runStartOfDay } from '../app/scheduler';
import type { InputOf } from '../contract';
import { AppError } from '../contract/errors';
import { addDays } from '../engine/dates';
import { formatMoney, parseMoney } from '../engine/money';
import { scenarioFile, type ActionStep, type Expectation, type RadiusExpectation, type ScenarioFile } from './format';
import { checkExpectation } from './expectations';
import { snapshotRows } from './snapshot';

// Runs a scenario file on a fresh SQLite file, day by day, through dispatch() — the same door the UI uses —
// so the scenario checks the product itself and never a second calculation.

export interface ScenarioOutcome {
  file: string;
  passed: number;
  failed: number;
  lines: string[];
}

export interface ScenarioIds {
  customers: Map<string, number>;
  services: Map<string, number>;
  plans: Map<string, number>;
  partners: Map<string, number>;
  routers: Map<string, number>;
  pools: Map<string, number>;
}

export interface ScenarioContext {
  ctx: AppContext;
  ids: ScenarioIds;
  today: string;
  /** asks a real RADIUS server the same question as a `radius` expectation (the tests hold the two together) */
  radiusCheck?: RadiusCheck;
}

/** Problems found when a real server is asked what a `radius` expectation expects (none: it agrees). */
export type RadiusCheck = (e: RadiusExpectation) => string[];

class StepFailure extends Error {}

const MONEY_STRING = /^-?\d+(\.\d{1,2})?$/;
/** Scenario files write money settings as "30.00"; the settings registry keeps cents. */
function settingsToValues(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([k, v]) => [k, typeof v === 'string' && MONEY_STRING.test(v) ? parseMoney(v) : v]),
  );
}

function lookup(map: Map<string, number>, key: string, what: string): number {
  const id = map.get(key);
  if (id === undefined) throw new StepFailure(`unknown ${what} "${key}" (not created earlier in the file)`);
  return id;
}

function setUp(sc: ScenarioContext, file: ScenarioFile): void {
  const { ctx, ids } = sc;
  call(ctx, 'settings.update', { partnerId: 1, values: settingsToValues(file.settings) });
  for (const p of file.partners) {
    const partner = call(ctx, 'partners.create', { name: p.name });
    ids.partners.set(p.id, partner.id);
    if (Object.keys(p.settings).length) call(ctx, 'settings.update', { partnerId: partner.id, values: settingsToValues(p.settings) });
  }
  for (const p of file.plans) {
    const plan = call(ctx, 'plans.create', {
      kind: p.type,
      name: p.name,
      price: parseMoney(p.price),
      vatRateBp: Math.round((p.vat ?? 0) * 100),
      vatIncluded: p.vatIncluded ?? false,
      downloadKbps: p.download ?? null,
      uploadKbps: p.upload ?? null,
      partnerIds: (p.partners ?? []).map((x) => lookup(ids.partners, x, 'partner')),
    });
    ids.plans.set(p.id, plan.id);
  }
  for (const r of file.routers) {
    const router = call(ctx, 'routers.save', {
      title: r.name,
      address: r.address,
      nasIp: r.address,
      authMethod: r.authMethod ?? (r.secret ? 'pppRadius' : 'none'),
      ...(r.secret !== undefined ? { secret: r.secret } : {}),
      ...(r.coaPort !== undefined ? { coaPort: r.coaPort } : {}),
      ...(r.bindMacs !== undefined ? { bindMacs: r.bindMacs } : {}),
    });
    ids.routers.set(r.id, router.id);
  }
  for (const n of file.ipv4) {
    const net = call(ctx, 'ipv4.saveNetwork', { network: n.network, kind: n.kind, title: n.title ?? '' });
    for (const p of n.pools) {
      const pool = call(ctx, 'ipv4.savePool', { networkId: net.id, title: p.name, rangeFrom: p.from ?? '', rangeTo: p.to ?? '' });
      ids.pools.set(p.id, pool.id);
    }
  }
  // Portal targets name plans that may come later in the list, so they are linked once all exist.
  for (const p of file.plans) {
    if (!p.portalTargets?.length) continue;
    call(ctx, 'plans.update', { id: lookup(ids.plans, p.id, 'plan'), portalTargetIds: p.portalTargets.map((t) => lookup(ids.plans, t, 'plan')) });
  }
}

function serviceInput(sc: ScenarioContext, step: Extract<ActionStep, { action: 'addService' | 'editService' }>) {
  const input: Record<string, unknown> = {};
  if (step.plan !== undefined) input.planId = lookup(sc.ids.plans, step.plan, 'plan');
  if (step.start !== undefined) input.start = step.start;
  if (step.end !== undefined) input.end = step.end;
  if (step.price !== undefined) input.unitPrice = parseMoney(step.price);
  if (step.quantity !== undefined) input.quantity = step.quantity;
  if (step.payPeriod !== undefined) input.payPeriodMonths = step.payPeriod;
  if (step.description !== undefined) input.description = step.description;
  if (step.discount !== undefined)
    input.discount = { kind: 'percent', value: Math.round(step.discount.percent * 100), from: step.discount.from ?? null, to: step.discount.to ?? null };
  const network = { login: step.login, password: step.password, ipv4Method: step.ipv4Method, ipv4: step.ipv4, macs: step.macs, additionalNetwork: step.additionalNetwork };
  if (Object.values(network).some((v) => v !== undefined) || step.router !== undefined || step.pool !== undefined) {
    // An edit changes the fields it names and keeps the others (the service's settings are replaced whole).
    const current = step.action === 'editService' ? call(sc.ctx, 'services.get', { id: lookup(sc.ids.services, step.service, 'service') }).internet : null;
    const base = { login: '', password: '', ipv4Method: 'none', ipv4: '', macs: '', additionalNetwork: '', routerId: null as number | null, ipv4PoolId: null as number | null, portId: '' };
    if (current) Object.assign(base, { login: current.login, password: current.password, ipv4Method: current.ipv4Method, ipv4: current.ipv4, macs: current.macs, additionalNetwork: current.additionalNetwork, routerId: current.routerId, ipv4PoolId: current.ipv4PoolId, portId: current.portId });
    for (const [k, v] of Object.entries(network)) if (v !== undefined) (base as Record<string, unknown>)[k] = v;
    if (step.router !== undefined) base.routerId = lookup(sc.ids.routers, step.router, 'router');
    if (step.pool !== undefined) base.ipv4PoolId = lookup(sc.ids.pools, step.pool, 'pool');
    input.internet = base;
  }
  return input;
}

function perform(sc: ScenarioContext, step: ActionStep): string {
  const { ctx, ids } = sc;
  switch (step.action) {
    case 'createCustomer': {
      const c = call(ctx, 'customers.create', {
        name: step.name,
        status: step.status ?? 'active',
        partnerId: step.partner ? lookup(ids.partners, step.partner, 'partner') : 1,
        portalLogin: step.id,
        portalPassword: step.password ?? '',
      });
      ids.customers.set(step.id, c.id);
      return `customer ${step.id} = #${c.id}`;
    }
    case 'addService': {
      const customerId = lookup(ids.customers, step.customer, 'customer');
      const planId = lookup(ids.plans, step.plan, 'plan');
      const plan = call(ctx, 'plans.get', { id: planId });
      const s = call(ctx, 'services.add', { ...serviceInput(sc, step), customerId, kind: plan.kind, planId, start: step.start } as InputOf<'services.add'>);
      ids.services.set(step.id, s.id);
      return `service ${step.id} = #${s.id}`;
    }
    case 'editService': {
      const id = lookup(ids.services, step.service, 'service');
      call(ctx, 'services.update', { id, ...serviceInput(sc, step) } as InputOf<'services.update'>);
      return `service ${step.service} edited`;
    }
    case 'pay': {
      const p = call(ctx, 'billing.addPayment', { customerId: lookup(ids.customers, step.customer, 'customer'), amount: parseMoney(step.amount) });
      return `payment ${formatMoney(p.amount)}, balance ${formatMoney(p.balance)}`;
    }
    case 'oneTimeInvoice': {
      const inv = call(ctx, 'billing.oneTimeInvoice', {
        customerId: lookup(ids.customers, step.customer, 'customer'),
        lines: [{ description: step.description, amount: parseMoney(step.amount) }],
      });
      return `one-time invoice ${inv.number} ${formatMoney(inv.total)}`;
    }
    case 'changePlan': {
      // As staff do it: quote first, then apply exactly that quote.
      const input = {
        serviceId: lookup(ids.services, step.service, 'service'),
        planId: lookup(ids.plans, step.plan, 'plan'),
        start: step.start,
        unitPrice: step.price !== undefined ? parseMoney(step.price) : null,
      };
      const quote = call(ctx, 'changePlan.quote', input);
      if (!quote.ok) throw new AppError('REFUSED', quote.message, { [quote.field]: quote.message });
      const change = call(ctx, 'changePlan.apply', { ...input, fingerprint: quote.fingerprint });
      ids.services.set(step.id, change.newServiceId);
      return `plan change #${change.id}: refund ${formatMoney(quote.refundTotal)}, invoice ${formatMoney(quote.invoiceTotal)}, balance ${formatMoney(quote.balanceAfter)}`;
    }
    case 'cancelChange': {
      const service = call(ctx, 'services.get', { id: lookup(ids.services, step.service, 'service') });
      if (service.planChangeId === null) throw new AppError('REFUSED', `service ${step.service} was not created by a plan change`);
      call(ctx, 'changePlan.cancel', { planChangeId: service.planChangeId });
      return `plan change #${service.planChangeId} cancelled`;
    }
    case 'scheduleStatus': {
      call(ctx, 'services.scheduleStatus', { serviceId: lookup(ids.services, step.service, 'service'), status: step.status, on: step.on });
      return `status ${step.status} scheduled on ${step.on}`;
    }
    case 'setSettings': {
      const partnerId = step.partner ? lookup(ids.partners, step.partner, 'partner') : 1;
      call(ctx, 'settings.update', { partnerId, values: settingsToValues(step.settings) });
      return 'settings updated';
    }
    case 'portalRequestChange': {
      const { portal, serviceId } = portalOf(sc, step.service);
      const planId = lookup(ids.plans, step.plan, 'plan');
      const t = call(portal, 'portal.requestChange', { serviceId, planId, start: step.start, message: step.message ?? '' });
      return `ticket #${t.id} "${t.subject}"`;
    }
    case 'portalSelfChange': {
      // As the customer does it: the dialog's quote first, then Apply with that quote's fingerprint.
      const { portal, serviceId } = portalOf(sc, step.service);
      const input = { serviceId, planId: lookup(ids.plans, step.plan, 'plan'), start: step.start };
      const quote = call(portal, 'portal.changeQuote', input);
      if (!quote.ok) throw new AppError('REFUSED', quote.message, { [quote.field]: quote.message });
      const change = call(portal, 'portal.selfChange', { ...input, fingerprint: quote.fingerprint });
      ids.services.set(step.id, change.newServiceId);
      return `portal self-change #${change.planChangeId}: refund ${formatMoney(quote.refundTotal)}, invoice ${formatMoney(quote.invoiceTotal)}, balance ${formatMoney(quote.balanceAfter)}`;
    }
    case 'bulkChangePlan':
      return bulkChangePlan(sc, step);
  }
}

/** A portal session of the service's customer: the portal channels take the customer from this actor only. */
function portalOf(sc: ScenarioContext, localService: string): { portal: AppContext; serviceId: number } {
  const serviceId = lookup(sc.ids.services, localService, 'service');
  const { customerId } = call(sc.ctx, 'services.get', { id: serviceId });
  return { portal: { ...sc.ctx, actor: { kind: 'portal', customerId, openedBy: 'scenario runner' } }, serviceId };
}

/**
 * As staff do it in the wizard: preview, then apply chunk by chunk until done. In a scenario the action is one
 * step: it is refused (and changes nothing) when some service on the plan cannot change or fails to change.
 */
function bulkChangePlan(sc: ScenarioContext, step: Extract<ActionStep, { action: 'bulkChangePlan' }>): string {
  const { ctx, ids } = sc;
  const reasons = (rows: { serviceId: number; message: string | null }[]) => {
    const local = new Map([...ids.services].map(([k, v]) => [v, k]));
    return rows.map((r) => `service ${local.get(r.serviceId) ?? `#${r.serviceId}`}: ${r.message}`).join('; ');
  };
  return ctx.db.transaction(() => {
    const p = call(ctx, 'bulk.preview', {
      fromPlanId: lookup(ids.plans, step.from, 'plan'),
      toPlanId: lookup(ids.plans, step.to, 'plan'),
      start: step.start,
      ignoreBalance: step.ignoreBalance ?? false,
    });
    if (p.counts.skipped > 0)
      throw new AppError('REFUSED', `${p.counts.skipped} service(s) cannot change: ${reasons(call(ctx, 'bulk.items', { batchId: p.batchId, filter: 'skipped', pageSize: 20 }).rows)}`);
    let progress;
    do progress = call(ctx, 'bulk.applyChunk', { batchId: p.batchId, limit: 500 });
    while (!progress.done);
    if (progress.failed > 0)
      throw new AppError('REFUSED', `${progress.failed} service(s) failed to change: ${reasons(call(ctx, 'bulk.items', { batchId: p.batchId, filter: 'failed', pageSize: 20 }).rows)}`);
    const t = progress.batch.totals;
    return `bulk change #${p.batchId}: ${progress.succeeded} service(s), refund ${formatMoney(t.refund)}, fee ${formatMoney(t.fee)}, invoiced now ${formatMoney(t.charge + t.fee)}`;
  });
}

function describeStep(step: { date: string; action?: string; expect?: Expectation }): string {
  if (step.expect) {
    const e = step.expect;
    if (e.radius) return `${step.date} expect radius ${e.radius.login} / ${JSON.stringify(e.radius.password)} ${e.radius.result}`;
    const subject = e.customer ? `customer ${e.customer}` : `service ${e.service}`;
    const fields = Object.keys(e).filter((k) => k !== 'customer' && k !== 'service');
    return `${step.date} expect ${subject} ${fields.join(', ')}`;
  }
  return `${step.date} ${step.action}`;
}

export function runScenario(path: string, opts: { keepDb?: string; radiusCheck?: RadiusCheck } = {}): ScenarioOutcome {
  const name = basename(path);
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  const fail = (what: string, why: string) => {
    failed++;
    lines.push(`FAIL ${name}: ${what} — ${why}`);
  };
  const pass = (what: string, note = '') => {
    passed++;
    lines.push(`ok   ${name}: ${what}${note ? ` (${note})` : ''}`);
  };

  let file: ScenarioFile;
  try {
    const parsed = scenarioFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      fail('file', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return { file: name, passed, failed, lines };
    }
    file = parsed.data;
  } catch (err) {
    fail('file', `cannot read: ${(err as Error).message}`);
    return { file: name, passed, failed, lines };
  }

  const dir = opts.keepDb ? null : mkdtempSync(join(tmpdir(), 'isp-scenario-'));
  const db: AppDb = openDatabase(opts.keepDb ?? join(dir!, 'scenario.sqlite'));
  const first = file.steps[0].date;
  const last = file.steps[file.steps.length - 1].date;
  let today = first;
  const ctx: AppContext = { db, clock: { today: () => today }, actor: { kind: 'staff', name: 'scenario runner' } };
  const sc: ScenarioContext = { ctx, ids: { customers: new Map(), services: new Map(), plans: new Map(), partners: new Map(), routers: new Map(), pools: new Map() }, today, radiusCheck: opts.radiusCheck };

  try {
    try {
      setUp(sc, file);
    } catch (err) {
      fail('set-up (settings, partners, plans)', (err as Error).message);
      return { file: name, passed, failed, lines };
    }
    for (let i = 0; i < file.steps.length - 1; i++) {
      if (file.steps[i + 1].date < file.steps[i].date) {
        fail(`step ${i + 2}`, `dates must be in order (${file.steps[i + 1].date} after ${file.steps[i].date})`);
        return { file: name, passed, failed, lines };
      }
    }
    let next = 0;
    for (let day = first; day <= last; day = addDays(day, 1)) {
      today = day;
      sc.today = day;
      runStartOfDay(ctx, day);
      for (; next < file.steps.length && file.steps[next].date === day; next++) {
        const step = file.steps[next];
        const what = describeStep(step);
        if ('expect' in step) {
          const problems = checkExpectation(sc, step.expect);
          if (problems.length) fail(what, problems.join('; '));
          else pass(what);
          continue;
        }
        if (step.expectError !== undefined) {
          const before = snapshotRows(db);
          try {
            perform(sc, step);
            fail(what, `expected a refusal${typeof step.expectError === 'string' ? ` mentioning "${step.expectError}"` : ''}, but it was accepted`);
            continue;
          } catch (err) {
            const message = (err as Error).message;
            const changed = snapshotRows(db) !== before;
            // A capability that does not exist yet is never a passing refusal.
            if (err instanceof AppError && err.code === 'NOT_SUPPORTED') fail(what, message);
            else if (typeof step.expectError === 'string' && !message.toLowerCase().includes(step.expectError.toLowerCase()))
              fail(what, `refused, but the message "${message}" does not mention "${step.expectError}"`);
            else if (changed) fail(what, `refused ("${message}") but the database changed`);
            else pass(what, `refused: ${message}`);
          }
          continue;
        }
        try {
          pass(what, perform(sc, step));
        } catch (err) {
          fail(what, (err as Error).message);
        }
      }
      runEndOfDay(ctx, day);
    }
  } finally {
    db.sqlite.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return { file: name, passed, failed, lines };
}

export function runScenarios(paths: string[], out: (line: string) => void = console.log, opts: { keepDb?: string } = {}): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const p of paths) {
    const r = runScenario(p, opts);
    r.lines.forEach(out);
    passed += r.passed;
    failed += r.failed;
  }
  out(`${passed} passed, ${failed} failed`);
  return { passed, failed };
}
