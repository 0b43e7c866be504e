import { AppError } from '../../contract/errors';
import type { ImportReport, ImportRowReport } from '../../contract/imports';
import { readCustomersCsv, type CustomerCsvRow, type CustomerGroup } from '../../import/customers';
import { fileHash, importError } from '../../import/read';
import { audit } from '../audit';
import type { AppContext } from '../context';
import { dispatch } from '../dispatch';
import { allRows } from '../prepared';
import { commitIf, emptyRow, plural, previousImports, recordImportFile, refusalErrors, RowRefused, totalsOf, IMPORT_PROGRESS } from './common';
import { mapWithProgress } from '../progress';

// Customers with their services from a CSV file: ALL OR NOTHING per file (docs/IMPORT.md). A customer list imported
// in part is worse than none — the rest cannot simply be imported again without doubling the first part — so the
// whole file is one transaction, committed only when every row is accepted. Each customer is written by
// customers.create and each service by services.add (through dispatch: the same checks, network triggers and
// audit as the dialogs), each customer in a savepoint so that every row still gets its own verdict.

/** Where a field of customers.create / services.add comes from in the file. */
const FIELD_COLUMN: Record<string, string> = {
  name: 'name',
  partnerId: 'partner',
  status: 'status',
  category: 'category',
  email: 'email',
  phone: 'phone',
  address: 'address',
  notes: 'notes',
  portalLogin: 'portalLogin',
  'billing.billingDay': 'billingDay',
  createdOn: 'createdOn',
  planId: 'plan',
  unitPrice: 'price',
  description: 'description',
  start: 'start',
  end: 'end',
  payPeriodMonths: 'payPeriod',
  'internet.login': 'login',
  'internet.password': 'password',
  'internet.ipv4': 'ipv4',
  'internet.macs': 'macs',
  internet: 'login',
};

interface Named {
  id: number;
  name: string;
}

/** A partner or plan named by its number or its name (any case); the refusal names the column. */
function lookUp(rows: Named[], text: string, what: string): Named | string {
  const byId = /^#?\d+$/.test(text) ? rows.find((r) => r.id === Number(text.replace('#', ''))) : undefined;
  if (byId) return byId;
  const byName = rows.filter((r) => r.name.toLowerCase() === text.toLowerCase());
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) return `"${text}" names ${byName.length} ${what}s (${byName.map((r) => `#${r.id}`).join(', ')}): write the ${what}'s number instead`;
  return `no ${what} is called "${text}" (write its name as in Config, or its number)`;
}

export function importCustomers(ctx: AppContext, input: { csv: string; fileName: string; dryRun: boolean }): ImportReport {
  const file = readCustomersCsv(input.csv);
  if (file.refusal) throw new AppError('VALIDATION', `${file.refusal} Nothing was imported.`, { csv: file.refusal });
  const hash = fileHash(input.csv);
  const previous = previousImports(ctx, 'customers', hash);
  if (previous.length)
    throw new AppError(
      'REFUSED',
      `This file was already imported on ${previous[0].businessDate} by ${previous[0].actor} (${plural(previous[0].rowsAccepted, 'row')}): importing it again would create its customers twice. Nothing was imported.`,
      { csv: `already imported on ${previous[0].businessDate}` },
    );
  const header = (key: string): string | null => file.headers[key] ?? null;
  const columnOf = (field: string): string | null => (FIELD_COLUMN[field] ? header(FIELD_COLUMN[field]) : null);
  const partners = allRows<Named>(ctx.db, 'SELECT id, name FROM partners ORDER BY id');
  const plans = allRows<Named & { kind: 'internet' | 'voice' | 'custom' }>(ctx.db, 'SELECT id, name, kind FROM plans ORDER BY id');

  const writeGroup = (g: CustomerGroup): ImportRowReport[] => {
    const reports = new Map(g.rows.map((r) => [r, emptyRow(r)]));
    const first = g.rows[0];
    try {
      if (g.errors.length || !g.customer) throw new RowRefused(g.errors);
      const c: CustomerCsvRow = g.customer;
      ctx.db.transaction(() => {
        const partner = c.partner ? lookUp(partners, c.partner, 'partner') : partners.find((p) => p.id === 1)!;
        if (typeof partner === 'string') throw new RowRefused([importError(first, header('partner'), partner)]);
        const created = dispatch(ctx, 'customers.create', {
          name: c.name,
          partnerId: partner.id,
          status: c.status ?? 'new',
          category: c.category ?? 'person',
          email: c.email,
          phone: c.phone,
          address: c.address,
          notes: c.notes,
          portalLogin: c.portalLogin,
          billing: { billingDay: c.billingDay, useCreationDate: null, paymentDueDays: null, blockingDays: null, deactivationDays: null, minimumBalance: null },
          ...(c.createdOn ? { createdOn: c.createdOn } : {}),
        });
        if (!created.ok) throw new RowRefused(refusalErrors(first, created.error, columnOf));
        for (const r of g.rows) Object.assign(reports.get(r)!, { customerId: created.data.id, customerName: created.data.name });
        for (const s of g.services) {
          const v = s.value;
          const plan = lookUp(plans, v.plan, 'plan');
          if (typeof plan === 'string') throw new RowRefused([importError(s.row, header('plan'), plan)]);
          const kind = (plan as (typeof plans)[number]).kind;
          const hasNetwork = v.login || v.password || v.ipv4 || v.macs;
          const added = dispatch(ctx, 'services.add', {
            customerId: created.data.id,
            kind,
            planId: plan.id,
            description: v.description,
            unitPrice: v.price,
            payPeriodMonths: v.payPeriod ?? 1,
            start: v.start!,
            end: v.end,
            internet:
              kind === 'internet' || hasNetwork
                ? { login: v.login, password: v.password, ipv4Method: v.ipv4 ? 'permanent' : 'none', ipv4: v.ipv4, macs: v.macs }
                : null,
          });
          if (!added.ok) throw new RowRefused(refusalErrors(s.row, added.error, columnOf));
          reports.get(s.row)!.serviceId = added.data.id;
        }
      });
      for (const r of reports.values()) {
        const service = g.services.find((s) => s.row === r.row);
        r.message = `customer "${g.customer.name}"${r.row === first ? '' : ` (as row ${first})`}${service ? `, service on plan "${service.value.plan}" from ${service.value.start}` : ''}`;
      }
    } catch (e) {
      if (!(e instanceof RowRefused)) throw e;
      for (const r of reports.values()) {
        const errors = e.errors.filter((x) => x.row === r.row);
        Object.assign(r, { verdict: 'refused', errors, customerId: null, customerName: null, serviceId: null });
        r.message = errors.length ? errors.map((x) => x.text).join('; ') : `not imported: another row of the same customer (row ${e.errors[0]?.row ?? first}) was refused`;
      }
    }
    return [...reports.values()];
  };

  let rows: ImportRowReport[] = [];
  // one transaction for the whole file: committed only when it is no dry run and no row was refused
  const applied = commitIf(ctx, () => {
    rows = mapWithProgress(ctx.db, IMPORT_PROGRESS, file.groups, writeGroup).flat().sort((a, b) => a.row - b.row);
    const totals = totalsOf(rows);
    if (input.dryRun || totals.refused > 0) return false;
    const fileId = recordImportFile(ctx, 'customers', hash, input.fileName, totals);
    audit(ctx, {
      entity: 'import',
      entityId: fileId,
      customerId: null,
      action: `customers imported from ${input.fileName || 'a CSV file'}`,
      after: { fileHash: hash, customers: new Set(rows.map((r) => r.customerId)).size, rows: totals.ok },
    });
    return true;
  });
  const customers = file.groups.filter((g) => rows.find((r) => r.row === g.rows[0])?.verdict === 'ok').length;
  return report(rows, applied, customers, input, hash, file.ignoredColumns);
}

function report(rows: ImportRowReport[], applied: boolean, customers: number, input: { fileName: string; dryRun: boolean }, hash: string, ignoredColumns: string[]): ImportReport {
  const totals = totalsOf(rows);
  for (const r of rows) {
    if (r.verdict !== 'ok') continue;
    if (applied) r.message = `imported: ${r.message}${r.customerId ? ` → customer #${r.customerId}` : ''}${r.serviceId ? `, service #${r.serviceId}` : ''}`;
    else {
      if (totals.refused === 0) r.message = `would be imported: ${r.message}`;
      else r.message = `valid, but not imported: the file is imported all or nothing and ${plural(totals.refused, 'row was', 'rows were')} refused`;
      r.customerId = null;
      r.serviceId = null;
    }
  }
  const summary = applied
    ? `Imported ${plural(customers, 'customer')} from ${plural(totals.rows, 'row')}.`
    : totals.refused > 0
      ? `Nothing was imported: ${plural(totals.refused, 'row')} of ${totals.rows} refused. Customers are imported all or nothing per file — correct the rows named below and import the whole file again.`
      : `Dry run: all ${plural(totals.rows, 'row')} would be imported (${plural(customers, 'customer')}); nothing was written.`;
  return {
    kind: 'customers',
    fileName: input.fileName,
    fileHash: hash,
    rule: 'allOrNothing',
    dryRun: input.dryRun,
    applied,
    previousImports: [],
    ignoredColumns,
    rows,
    totals,
    summary,
  };
}
