import { z } from 'zod';
import type { ImportError } from '../contract/imports';
import { optionalAmount, optionalDay, optionalInt, optionalWord, text, cell, Refusal } from './cells';
import { importError, readCsv, type ColumnSpec, type ReadFile } from './read';

// The customers file (docs/IMPORT.md): one row per service, the customer's columns on the row too. Rows with the
// same "Customer ref" are one customer with several services; without it every row is a customer of its own.

const STATUS = { new: 'new', active: 'active', blocked: 'blocked', inactive: 'inactive' } as const;
const CATEGORY = { person: 'person', private: 'person', individual: 'person', company: 'company', business: 'company' } as const;
const PAY_PERIOD = cell((t) => {
  if (t === '') return null;
  const n = Number(t);
  return [1, 3, 6, 12].includes(n) && /^\d+$/.test(t) ? (n as 1 | 3 | 6 | 12) : new Refusal('must be 1, 3, 6 or 12 (months)');
});

/** The customer's columns: they must agree on every row of one Customer ref. */
export const CUSTOMER_KEYS = ['name', 'category', 'status', 'partner', 'email', 'phone', 'address', 'notes', 'portalLogin', 'billingDay', 'createdOn'] as const;
/** The service's columns: any of them filled asks for a service, which needs a Plan and a Start date. */
export const SERVICE_KEYS = ['plan', 'price', 'description', 'start', 'end', 'payPeriod', 'login', 'password', 'ipv4', 'macs'] as const;

export const CUSTOMER_COLUMNS: readonly ColumnSpec[] = [
  { key: 'ref', header: 'Customer ref', aliases: ['customer key', 'old customer number', 'old id', 'ref'], schema: text(100) },
  { key: 'name', header: 'Name', aliases: ['customer name', 'full name', 'customer'], required: true, schema: text(200) },
  { key: 'category', header: 'Category', aliases: ['customer type', 'type'], schema: optionalWord(CATEGORY) },
  { key: 'status', header: 'Status', aliases: ['customer status'], schema: optionalWord(STATUS) },
  { key: 'partner', header: 'Partner', aliases: ['partner name', 'reseller', 'branch'], schema: text(200) },
  { key: 'email', header: 'Email', aliases: ['e-mail', 'mail'], schema: text(200) },
  { key: 'phone', header: 'Phone', aliases: ['telephone', 'mobile', 'phone number'], schema: text(40) },
  { key: 'address', header: 'Address', aliases: ['street address'], schema: text(500) },
  { key: 'notes', header: 'Notes', aliases: ['note', 'comment', 'comments'], schema: text(2000) },
  { key: 'portalLogin', header: 'Portal login', aliases: ['portal user', 'portal username'], schema: text(64) },
  { key: 'billingDay', header: 'Billing day', schema: optionalInt(1, 28) },
  { key: 'createdOn', header: 'Customer since', aliases: ['created on', 'date added'], schema: optionalDay },
  { key: 'plan', header: 'Plan', aliases: ['tariff', 'tariff plan', 'plan name'], schema: text(200) },
  { key: 'price', header: 'Price', aliases: ['monthly price', 'unit price'], schema: optionalAmount },
  { key: 'description', header: 'Description', aliases: ['service description', 'service'], schema: text(200) },
  { key: 'start', header: 'Start date', aliases: ['start', 'service start'], schema: optionalDay },
  { key: 'end', header: 'End date', aliases: ['end', 'service end'], schema: optionalDay },
  { key: 'payPeriod', header: 'Pay period', aliases: ['pay period months'], schema: PAY_PERIOD },
  { key: 'login', header: 'Login', aliases: ['pppoe login', 'username', 'service login'], schema: text(64) },
  { key: 'password', header: 'Password', aliases: ['service password', 'pppoe password'], schema: text(128) },
  { key: 'ipv4', header: 'IPv4', aliases: ['ip', 'ip address', 'ipv4 address'], schema: text(64) },
  { key: 'macs', header: 'MAC', aliases: ['macs', 'mac address', 'mac addresses'], schema: text(1000) },
];

const shape = Object.fromEntries(CUSTOMER_COLUMNS.map((c) => [c.key, c.schema])) as Record<string, z.ZodType>;
const rowSchema = z.object(shape).superRefine((r, ctx) => {
  const hasService = SERVICE_KEYS.some((k) => r[k] !== '' && r[k] !== null);
  if (hasService && r.plan === '') ctx.addIssue({ code: 'custom', path: ['plan'], message: 'is empty, but the row has a service (a plan is required for it)' });
  if (hasService && r.start === null) ctx.addIssue({ code: 'custom', path: ['start'], message: 'is empty, but the row has a service (a start date is required for it)' });
  if (r.start && r.end && r.end < r.start) ctx.addIssue({ code: 'custom', path: ['end'], message: `must not be before the start date ${r.start}` });
});

export type CustomerCsvRow = {
  ref: string;
  name: string;
  category: 'person' | 'company' | null;
  status: 'new' | 'active' | 'blocked' | 'inactive' | null;
  partner: string;
  email: string;
  phone: string;
  address: string;
  notes: string;
  portalLogin: string;
  billingDay: number | null;
  createdOn: string | null;
  plan: string;
  price: number | null;
  description: string;
  start: string | null;
  end: string | null;
  payPeriod: 1 | 3 | 6 | 12 | null;
  login: string;
  password: string;
  ipv4: string;
  macs: string;
};

/** One customer of the file: its first row holds the customer's columns; each row with a Plan is a service. */
export interface CustomerGroup {
  rows: number[];
  /** null when its first row could not be read (the group is then refused) */
  customer: CustomerCsvRow | null;
  services: { row: number; value: CustomerCsvRow }[];
  /** problems of the group's rows found without the database (cells, disagreeing customer columns) */
  errors: ImportError[];
}

export interface CustomersFile extends Omit<ReadFile<CustomerCsvRow>, 'rows'> {
  groups: CustomerGroup[];
}

export function readCustomersCsv(csv: string): CustomersFile {
  const file = readCsv(csv, CUSTOMER_COLUMNS, rowSchema as unknown as z.ZodType<CustomerCsvRow>);
  const groups: CustomerGroup[] = [];
  const byRef = new Map<string, CustomerGroup>();
  for (const r of file.rows) {
    const ref = r.cells.ref;
    let g = ref ? byRef.get(ref) : undefined;
    if (!g) {
      g = { rows: [], customer: r.value, services: [], errors: [] };
      groups.push(g);
      if (ref) byRef.set(ref, g);
      if (r.value && r.value.name === '') r.errors.push(importError(r.row, file.headers.name ?? 'Name', 'is empty (required on the first row of a customer)'));
    } else {
      // A later row of the same customer: its customer columns are empty or say the same as the first row.
      const first = g.rows[0];
      const firstCells = file.rows.find((x) => x.row === first)!.cells;
      for (const k of CUSTOMER_KEYS)
        if (r.cells[k] !== '' && r.cells[k] !== firstCells[k])
          r.errors.push(importError(r.row, file.headers[k] ?? k, `says "${r.cells[k]}" but row ${first} (the first row of customer ref "${ref}") says "${firstCells[k]}"`));
    }
    g.rows.push(r.row);
    g.errors.push(...r.errors);
    if (r.value && r.value.plan !== '') g.services.push({ row: r.row, value: r.value });
  }
  return { refusal: file.refusal, headers: file.headers, ignoredColumns: file.ignoredColumns, groups };
}
