import * as changePlan from '../main/app/changePlan';
import type { AppContext } from '../main/app/context';
import type { InputOf } from '../main/contract';
import { addDays, quoteChangePlan } from '../main/engine';
import { call, count, sample, type Bench, type Section } from './bench';
import { figure, percentile, round, timeMs } from './figures';

// What staff wait for at the desk: search as you type, list pages, the customer page, the finance list and the
// change-plan breakdown. Absolute budgets (a person waits for each), each p95 reported beside the same machine's
// primary-key read at that moment, so a slow figure on a busy day can be told from a slow query.

/** p95 of a one-row read by primary key through a prepared statement: the cheapest thing SQLite does. */
export function primaryKeyRead(b: Bench, samples: number): { p50: number; p95: number } {
  const stmt = b.db.sqlite.prepare('SELECT * FROM customers WHERE id = ?');
  const ids = Array.from({ length: samples }, () => b.rng.int(1, b.n));
  for (const id of ids.slice(0, 20)) stmt.get(id); // prepared and warm
  const times = sample(ids, (id) => stmt.get(id));
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The customer page as it opens: detail, services and the billing tab of one customer. */
export function openCustomerPage(ctx: AppContext, id: number): void {
  call(ctx, 'customers.get', { id });
  call(ctx, 'services.listForCustomer', { customerId: id } as InputOf<'services.listForCustomer'>);
  // the Billing tab: its summary and the first page of its first list (the other lists load when their tab opens)
  call(ctx, 'billing.customerSummary', { customerId: id });
  call(ctx, 'finance.invoices', { customerId: id, page: 1, pageSize: 25 } as InputOf<'finance.invoices'>);
}

export const reads: Section = {
  name: 'reads',
  run(b) {
    const { db, staff, rng, n: N, reps } = b;
    const pk = primaryKeyRead(b, reps(2000, 600));
    b.add(figure('primary-key read (baseline of the p95s below), p95', pk.p95 * 1000, 'µs', null, `p50 ${round(pk.p50 * 1000)} µs, one customers row through a prepared statement`));
    const beside = (p95: number) => `${round(p95 / pk.p95, 0)} × the primary-key read`;

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
    b.add(figure(`customer search as you type, p50 (${N} customers)`, percentile(search, 50), 'ms', null, `${search.length} keystrokes`));
    b.add(figure(`customer search as you type, p95 (${N} customers)`, percentile(search, 95), 'ms', 20, `max ${round(Math.max(...search))} ms; ${beside(percentile(search, 95))}`));

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
    b.add(figure('customer list page load, p50', percentile(lists, 50), 'ms', null, `${listInputs.length} loads, 1 in 5 at a random page`));
    b.add(figure('customer list page load, p95', percentile(lists, 95), 'ms', 20, `max ${round(Math.max(...lists))} ms; ${beside(percentile(lists, 95))}`));

    const opens = sample(
      Array.from({ length: reps(200, 60) }, () => rng.int(1, N)),
      (id) => openCustomerPage(staff, id),
    );
    b.add(figure('customer page (detail + services + billing), p95', percentile(opens, 95), 'ms', 20, beside(percentile(opens, 95))));

    // Finance lists over every invoice.
    const invoicePages = sample(
      Array.from({ length: reps(100, 30) }, () => ({ page: rng.int(1, 20), pageSize: 50, status: rng.pick([null, 'unpaid', 'overdue', 'paid'] as const) })),
      (input) => call(staff, 'finance.invoices', input),
    );
    const invoiceP95 = percentile(invoicePages, 95);
    b.add(figure(`finance invoice list page, p95 (${count(db, 'SELECT count(*) AS n FROM invoices')} invoices)`, invoiceP95, 'ms', 20, beside(invoiceP95)));

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
      let start = addDays(b.today, rng.int(0, 3));
      let unitPrice: number | null = null;
      for (let step = 0; step < 4; step++) {
        if (step === 1) start = addDays(b.today, rng.int(4, 25));
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
    b.add(figure('change-plan breakdown update through dispatch (changePlan.quote), p50', percentile(quotes, 50), 'ms', 5, `${quotes.length} quotes, inputs changing each time`));
    b.add(figure('change-plan breakdown update through dispatch (changePlan.quote), p95', percentile(quotes, 95), 'ms', 5, `${refused ? `${refused} answered with a refusal; ` : ''}${beside(percentile(quotes, 95))}`));

    // The engine alone on the same inputs (facts loaded beforehand).
    const prepared = quoteInputs
      .map((req) => changePlan.prepareFromFacts(b.today, req, changePlan.loadFacts(staff, req)))
      .filter((p): p is changePlan.Prepared => 'input' in p);
    const rounds = reps(20, 5);
    const engine = timeMs(() => {
      for (let r = 0; r < rounds; r++) for (const p of prepared) quoteChangePlan(p.input);
    });
    b.add(figure('change-plan quote, engine alone', (engine.ms * 1000) / (rounds * prepared.length), 'µs/quote', 500, `${rounds * prepared.length} quotes`));
  },
};
