import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type AppDb } from '../db/open';
import * as changePlan from '../main/app/changePlan';
import type { AppContext } from '../main/app/context';
import { dispatch } from '../main/app/dispatch';
import { postPayment } from '../main/app/ledger';
import { runDaysUntil, runEndOfDay } from '../main/app/scheduler';
import { contract, type ChannelName, type InputOf, type OutputOf } from '../main/contract';
import { BULK_APPLY_CHUNK } from '../main/contract/bulk';
import { createRng } from '../main/demo/prng';
import { addDays, quoteChangePlan } from '../main/engine';
import { figure, machine, MemoryWatch, percentile, round, table, timeMs, type Figure } from './figures';

// `npm run bench [-- --customers N] [--quick] [--seed S] [--keep] [--from FILE] [--lists] [--save-before-bulk FILE] [--bulk-only]`
// (issue "Benchmarks at ISP scale"). `--lists` measures the reads of section 2 only (search, list pages, customer page,
// finance list, change-plan quote). `--save-before-bulk FILE` copies the database as it is before section 5; with
// `--from FILE --bulk-only` the bulk change (section 5) alone runs again on a copy of it.
//
// What staff wait for, on a generated ISP of N customers (default 100 000) in a temporary SQLite file, each figure
// with its budget, side by side with the physical limit of the same machine (plain prepared INSERTs of the same
// rows in one transaction on the same file). Prints a table and writes bench/results.json. Never used as a test.

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const TODAY = '2025-07-01'; // every generated customer bills on the 1st: this is "billing day for all customers"

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    months: { type: 'string', default: '6' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** only the reads staff wait for (section 2): no billing day, catch-up or bulk change */
    lists: { type: 'boolean', default: false },
    /** reuse a database generated earlier with `npm run seed -- --billing-day 1 --date 2025-07-01` (copied, never changed) */
    from: { type: 'string' },
    /** copy the database, as it is just before the bulk change (after the catch-up), to this file */
    'save-before-bulk': { type: 'string' },
    /** the bulk change only, on a `--from` file written by `--save-before-bulk` (billing day and catch-up already run) */
    'bulk-only': { type: 'boolean', default: false },
  },
});
const N = Number(args.customers);
const SEED = Number(args.seed);
const QUICK = args.quick === true;
const BULK_ONLY = args['bulk-only'] === true;
if (BULK_ONLY && !args.from) throw new Error('--bulk-only needs --from FILE (a file written by --save-before-bulk)');
const reps = (full: number, quick: number) => (QUICK ? quick : full);

const figures: Figure[] = [];
const memory = new MemoryWatch();
const log = (s: string) => process.stderr.write(`${s}\n`);
function add(f: Figure): void {
  figures.push(f);
  memory.sample();
  log(`  ${f.name}: ${f.value} ${f.unit}${f.budget === null ? '' : ` (budget ${f.budget}, ${f.ok ? 'ok' : 'OVER'})`}`);
}

function call<C extends ChannelName>(ctx: AppContext, channel: C, input: InputOf<C>): OutputOf<C> {
  const r = dispatch(ctx, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** Durations (ms) of fn over the inputs. */
function sample<T>(inputs: readonly T[], fn: (input: T) => unknown): number[] {
  return inputs.map((input) => timeMs(() => fn(input)).ms);
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const count = (db: AppDb, sql: string, ...params: unknown[]) => (db.sqlite.prepare(sql).get(...params) as { n: number }).n;

// ---------------------------------------------------------------------------------------------------------
// 1. the ISP, generated in a child process (so its page cache does not count in this process's peak memory)

const dir = mkdtempSync(join(tmpdir(), 'isp-bench-'));
const file = join(dir, 'bench.sqlite');
log(`ISP Back Office benchmark: ${N} customers${QUICK ? ' (quick)' : ''}, database ${file}`);
if (args.from) {
  copyFileSync(args.from, file);
  log(`  (copied from ${args.from}: no generation figure)`);
} else {
  const gen = timeMs(() =>
    spawnSync(
      process.execPath,
      [...process.execArgv, join(ROOT, 'main/hosts/cli.ts'), 'seed', '--db', file, '--customers', String(N), '--seed', String(SEED), '--months', String(args.months), '--billing-day', '1', '--date', TODAY],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    ),
  );
  if (gen.value.status !== 0) {
    log(gen.value.stderr);
    throw new Error(`generating the ISP failed (exit ${gen.value.status})`);
  }
  const generated = JSON.parse(gen.value.stdout) as { services: number; invoices: number; invoiceLines: number; payments: number; ledgerRows: number; usageRows: number };
  add(figure(`generate ISP (${N} customers, ${args.months} months of history)`, gen.ms / 1000, 's', 60, `${generated.invoices} invoices, ${generated.invoiceLines} lines, ${generated.payments} payments, ${generated.usageRows} usage rows`));
}

const db = openDatabase(file);
const staff: AppContext = { db, clock: { today: () => TODAY }, actor: { kind: 'staff', name: 'bench' } };
const rng = createRng(SEED ^ 0x5eed);
const catchUpTo = addDays(TODAY, 31);

try {
  // eslint-disable-next-line no-labels
  sections: {
  if (BULK_ONLY) break sections;
  // -------------------------------------------------------------------------------------------------------
  // 2. reads staff wait for: search as you type, list pages, the change-plan breakdown

  // Search as you type: real names, e-mails, phones, ids and addresses typed a key at a time.
  const people = db.sqlite
    .prepare(`SELECT c.id, c.name, c.email, c.phone, (SELECT ipv4 FROM services s WHERE s.customer_id = c.id AND s.ipv4 IS NOT NULL LIMIT 1) AS ip
                FROM customers c WHERE c.id IN (${Array.from({ length: reps(40, 12) }, () => rng.int(1, N)).join(',')})`)
    .all() as { id: number; name: string; email: string | null; phone: string; ip: string | null }[];
  const typed: string[] = [];
  const keystrokes = (term: string) => {
    for (let k = 1; k <= term.length; k++) typed.push(term.slice(0, k));
  };
  for (const p of people) {
    const [first, last] = p.name.split(' ');
    keystrokes(rng.chance(0.5) ? p.name.slice(0, 12) : (last ?? first).slice(0, 8));
    if (p.email) keystrokes(p.email.slice(0, 10));
    keystrokes(p.phone.slice(-11)); // the local number, as staff read it from a caller ID
    keystrokes(String(p.id));
    keystrokes((last ?? first).slice(1, 6)); // "contains": the middle of a name
    if (p.ip) keystrokes(p.ip);
  }
  for (let r = 0; r < 2; r++) call(staff, 'customers.list', { search: typed[r] }); // warm the statement cache
  const search = sample(typed, (search) => call(staff, 'customers.list', { search, page: 1, pageSize: 50 }));
  add(figure(`customer search as you type, p50 (${N} customers)`, percentile(search, 50), 'ms', null, `${search.length} keystrokes`));
  add(figure(`customer search as you type, p95 (${N} customers)`, percentile(search, 95), 'ms', 20, `max ${round(Math.max(...search))} ms`));

  // List page load: the customer list as staff open and page it (sorts, filters, pages near the top and anywhere).
  const sorts = ['id', 'name', 'status', 'balance', 'partner', 'createdOn'] as const;
  const statuses = [null, null, null, 'active', 'blocked', 'inactive', 'new'] as const;
  const lastPage = Math.max(1, Math.ceil(N / 50));
  const listInputs = Array.from({ length: reps(400, 120) }, (_, i) => ({
    page: i % 5 === 4 ? rng.int(1, lastPage) : rng.int(1, 5),
    pageSize: 50,
    sortBy: rng.pick(sorts),
    sortDir: rng.pick(['asc', 'desc'] as const),
    status: rng.pick(statuses),
  }));
  const lists = sample(listInputs, (input) => call(staff, 'customers.list', input));
  add(figure('customer list page load, p50', percentile(lists, 50), 'ms', null, `${listInputs.length} loads, 1 in 5 at a random page`));
  add(figure('customer list page load, p95', percentile(lists, 95), 'ms', 20, `max ${round(Math.max(...lists))} ms`));

  // The customer page: detail, services and billing tab of one customer.
  const openIds = Array.from({ length: reps(200, 60) }, () => rng.int(1, N));
  const opens = sample(openIds, (id) => {
    call(staff, 'customers.get', { id });
    call(staff, 'services.listForCustomer', { customerId: id } as InputOf<'services.listForCustomer'>);
    call(staff, 'billing.forCustomer', { customerId: id });
  });
  add(figure('customer page (detail + services + billing), p95', percentile(opens, 95), 'ms', 20));

  // Finance lists over every invoice.
  const invoicePages = sample(
    Array.from({ length: reps(100, 30) }, () => ({ page: rng.int(1, 20), pageSize: 50, status: rng.pick([null, 'unpaid', 'overdue', 'paid'] as const) })),
    (input) => call(staff, 'finance.invoices', input),
  );
  add(figure(`finance invoice list page, p95 (${count(db, 'SELECT count(*) AS n FROM invoices')} invoices)`, percentile(invoicePages, 95), 'ms', 20));

  // Change plan: the breakdown as the dialog updates it after each input change (plan, start date, price).
  const internetPlans = db.sqlite.prepare("SELECT id FROM plans WHERE kind = 'internet' AND enabled = 1 AND id NOT IN (SELECT plan_id FROM plan_partners)").all() as { id: number }[];
  const quoteServices = db.sqlite
    .prepare(
      `SELECT s.id, s.plan_id AS planId FROM services s JOIN customers c ON c.id = s.customer_id
        WHERE s.kind = 'internet' AND s.status = 'active' AND c.status = 'active' AND s.id % 97 = ? LIMIT ?`,
    )
    .all(rng.int(0, 96), reps(300, 80)) as { id: number; planId: number }[];
  const quoteInputs: changePlan.ChangeRequest[] = [];
  for (const s of quoteServices) {
    const targets = internetPlans.filter((p) => p.id !== s.planId);
    // the dialog's sequence: pick a plan, move the start date, try another plan, type a price
    let planId = rng.pick(targets).id;
    let start = addDays(TODAY, rng.int(0, 3));
    let unitPrice: number | null = null;
    for (let step = 0; step < 4; step++) {
      if (step === 1) start = addDays(TODAY, rng.int(4, 25));
      if (step === 2) planId = rng.pick(targets).id;
      if (step === 3) unitPrice = rng.int(10, 80) * 100;
      quoteInputs.push({ serviceId: s.id, planId, start, description: null, unitPrice });
    }
  }
  let refused = 0;
  const quotes = sample(quoteInputs, (input) => {
    const q = call(staff, 'changePlan.quote', input);
    if (!q.ok) refused++;
  });
  add(figure('change-plan breakdown update through dispatch (changePlan.quote), p50', percentile(quotes, 50), 'ms', 5, `${quotes.length} quotes, inputs changing each time`));
  add(figure('change-plan breakdown update through dispatch (changePlan.quote), p95', percentile(quotes, 95), 'ms', 5, refused ? `${refused} answered with a refusal` : undefined));

  // The engine alone on the same inputs (facts loaded beforehand).
  const prepared = quoteInputs
    .map((req) => changePlan.prepareFromFacts(TODAY, req, changePlan.loadFacts(staff, req)))
    .filter((p): p is changePlan.Prepared => 'input' in p);
  const rounds = reps(20, 5);
  const engine = timeMs(() => {
    for (let r = 0; r < rounds; r++) for (const p of prepared) quoteChangePlan(p.input);
  });
  add(figure('change-plan quote, engine alone', (engine.ms * 1000) / (rounds * prepared.length), 'µs/quote', 500, `${rounds * prepared.length} quotes`));

  // eslint-disable-next-line no-labels
  writes: {
  if (args.lists) break writes;

  // -------------------------------------------------------------------------------------------------------
  // 3. billing day for all customers vs. the physical limit of the same rows

  const maxInvoice = count(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM invoices');
  const cpu0 = process.cpuUsage();
  const billing = timeMs(() => runEndOfDay(staff, TODAY));
  const billingCpu = cpuMs(process.cpuUsage(cpu0));
  const billed = billing.value.invoices;
  const billedLines = count(db, 'SELECT count(*) AS n FROM invoice_lines WHERE invoice_id > ?', maxInvoice);
  add(figure(`billing day for all customers (end of day ${TODAY})`, billing.ms / 1000, 's', null, `${billed} invoices, ${billedLines} lines, dunning included`));

  // The same rows with plain prepared statements in one transaction, on the same file (then removed again).
  const rows = db.sqlite.prepare('SELECT * FROM invoices WHERE id > ? ORDER BY id').all(maxInvoice) as Record<string, unknown>[];
  const lineRows = db.sqlite.prepare('SELECT * FROM invoice_lines WHERE invoice_id > ? ORDER BY id').all(maxInvoice) as Record<string, unknown>[];
  const idShift = 10_000_000;
  const shifted: Record<string, unknown>[] = lineRows.map((l) => ({ ...l, date_from: `${Number(String(l.date_from).slice(0, 4)) + 100}${String(l.date_from).slice(4)}`, date_to: `${Number(String(l.date_to).slice(0, 4)) + 100}${String(l.date_to).slice(4)}` }));
  const insInvoice = db.sqlite.prepare(
    `INSERT INTO invoices (id, customer_id, number, kind, date, due_date, net, vat, total, paid, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = db.sqlite.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, service_id, kind, description, period_from, period_to, date_from, date_to, days, divisor,
       period_price, quantity, unit_price, amount, vat_rate_bp, vat_included, net, vat, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cpu1 = process.cpuUsage();
  const raw = timeMs(() =>
    db.transaction(() => {
      for (const r of rows) insInvoice.run(Number(r.id) + idShift, r.customer_id, `RAW${r.number}`, r.kind, r.date, r.due_date, r.net, r.vat, r.total, r.paid, r.status);
      for (const l of shifted)
        insLine.run(Number(l.invoice_id) + idShift, l.position, l.service_id, l.kind, l.description, l.period_from, l.period_to, l.date_from, l.date_to, l.days, l.divisor, l.period_price, l.quantity, l.unit_price, l.amount, l.vat_rate_bp, l.vat_included, l.net, l.vat, l.total);
    }),
  );
  const rawCpu = cpuMs(process.cpuUsage(cpu1));
  db.transaction(() => {
    db.sqlite.prepare('DELETE FROM invoice_lines WHERE invoice_id > ?').run(idShift);
    db.sqlite.prepare('DELETE FROM invoices WHERE id > ?').run(idShift);
  });
  add(figure('raw insert of the same invoice + line rows (physical limit)', raw.ms / 1000, 's', null, `${rows.length} invoices, ${lineRows.length} lines, one transaction`));
  add(figure('billing day ÷ raw insert', billing.ms / raw.ms, '×', 3, `CPU time ${round(billingCpu / 1000)} s ÷ ${round(rawCpu / 1000)} s = ${round(billingCpu / rawCpu)} ×`));
  add(figure('billing day per invoice', (billing.ms * 1000) / Math.max(1, billed), 'µs', null));

  // -------------------------------------------------------------------------------------------------------
  // 4. catch-up of 30 missed days: most customers pay their invoice within the due days (a bank import dated
  // 2025-07-08, recorded before the catch-up), the rest are blocked and deactivated during it; the next billing
  // day (08-01) bills everyone still billed.

  runDaysUntil(staff, addDays(TODAY, 1));
  const unpaid = db.sqlite
    .prepare("SELECT customer_id AS customerId, total - paid AS owed FROM invoices WHERE date = ? AND status IN ('unpaid', 'partiallyPaid') ORDER BY id")
    .all(TODAY) as { customerId: number; owed: number }[];
  const payers = unpaid.filter((_, i) => i % 10 !== 0);
  const payDay: AppContext = { ...staff, clock: { today: () => '2025-07-08' } };
  const payments = timeMs(() =>
    db.transaction(() => {
      for (const p of payers) postPayment(payDay, { customerId: p.customerId, date: '2025-07-08', amount: p.owed, method: 'bank_transfer', reference: 'bench import', note: '' });
    }),
  );
  add(figure('payment import through the ledger (allocation + dunning)', (payments.ms * 1000) / Math.max(1, payers.length), 'µs/payment', null, `${payers.length} payments in one transaction`));
  const catchUp = timeMs(() => runDaysUntil(staff, catchUpTo));
  const s = catchUp.value;
  add(
    figure(`catch-up of 30 missed days (${addDays(TODAY, 2)} … ${catchUpTo})`, catchUp.ms / 1000, 's', null, `${s.invoices} invoices, ${s.blocked} blocked, ${s.deactivated} deactivated, ${s.activated} activated`),
  );
  if (args['save-before-bulk']) {
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(file, args['save-before-bulk']);
    log(`  (saved the database before the bulk change to ${args['save-before-bulk']})`);
  }
  }
  }

  // -------------------------------------------------------------------------------------------------------
  // 5. bulk tariff change: preview and apply of ~10 000 services (budgets scale with the rows actually changed)

  const hasBulk = 'bulk.preview' in contract && 'bulk.applyChunk' in contract;
  if (args.lists) {
    // section 2 only
  } else if (!hasBulk) log('bulk: not available yet');
  else {
    const bulkDay: AppContext = { ...staff, clock: { today: () => addDays(catchUpTo, 1) } };
    const byPlan = db.sqlite
      .prepare("SELECT plan_id AS planId, count(*) AS n FROM services WHERE kind = 'internet' AND status = 'active' AND plan_id NOT IN (SELECT plan_id FROM plan_partners) GROUP BY plan_id")
      .all() as { planId: number; n: number }[];
    const from = [...byPlan].sort((a, b) => Math.abs(a.n - 10_000) - Math.abs(b.n - 10_000))[0];
    const to = byPlan.find((p) => p.planId !== from.planId)!;
    const pv = timeMs(() => call(bulkDay, 'bulk.preview', { fromPlanId: from.planId, toPlanId: to.planId, start: addDays(catchUpTo, 5) }));
    const rowsTotal = pv.value.counts.total;
    const scale = rowsTotal / 10_000;
    add(figure(`bulk change preview (${rowsTotal} services)`, pv.ms / 1000, 's', round(1 * scale, 3), 'budget 1 s per 10 000 services'));
    const ap = timeMs(() => {
      let progress;
      do progress = call(bulkDay, 'bulk.applyChunk', { batchId: pv.value.batchId, limit: BULK_APPLY_CHUNK }); // as the wizard drives it
      while (!progress.done);
      return progress;
    });
    // Apply is budgeted by the services it changed: rows that cannot change are listed by the preview but cost apply nothing.
    add(figure(`bulk change apply (${ap.value.succeeded} services)`, ap.ms / 1000, 's', round((3 * ap.value.succeeded) / 10_000, 3), `${ap.value.failed} failed; budget 3 s per 10 000 services changed`));
  }

  // -------------------------------------------------------------------------------------------------------
  const peak = memory.peakMb();
  add(figure('peak memory of the process (max RSS)', peak.maxRss, 'MB', 1024, `largest sampled RSS ${Math.round(peak.sampled)} MB; generation ran in a child process`));
} finally {
  db.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${file}`);
}

const m = machine();
const results = { when: new Date().toISOString(), customers: N, quick: QUICK, seed: SEED, machine: m, figures };
writeFileSync(join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nISP Back Office benchmark — N = ${N}${QUICK ? ' (quick)' : ''}, ${m.cpu}, ${m.cores} cores, Node ${m.node}\n`);
console.log(table(figures));
const over = figures.filter((f) => !f.ok);
console.log(over.length ? `\n${over.length} figure(s) over budget: ${over.map((f) => f.name).join('; ')}` : '\nAll figures within budget.');
console.log(`Written to ${join(HERE, 'results.json')}`);
