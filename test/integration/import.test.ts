import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ImportReport } from '../../main/contract/imports';
import { createAppFixture, type AppFixture } from './appFixtures';

// CSV import on a real SQLite file through dispatch (and the real CLI as a child process): the preview writes
// nothing, a refused customer row keeps the whole customers file out, payments go row by row and the same bank
// rows imported again are recognised, never doubled.

let f: AppFixture | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

function isp(): AppFixture {
  f = createAppFixture({ today: '2026-12-07' });
  f.call('plans.create', { kind: 'internet', name: 'Home 50', price: 3000 });
  f.call('plans.create', { kind: 'voice', name: 'Phone', price: 500 });
  f.call('ipv4.saveNetwork', { network: '10.0.0.0/24', kind: 'permanent' });
  return f;
}

const count = (fx: AppFixture, table: string): number => (fx.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const CUSTOMERS = [
  'Customer ref,Name,Email,Status,Partner,Plan,Price,Start date,Login,Password,IPv4',
  'K1,Anna Example,anna@example.com,active,Default,Home 50,"25,00",2026-11-01,anna,secret-1,10.0.0.5',
  'K1,,,,,Phone,,2026-12-01,,,',
  'K2,Bob Builder,bob@example.com,active,,Home 50,,2026-11-15,bob,,',
  'K3,Carl New,,new,,,,,,,',
].join('\n');

describe('customers: all or nothing per file', () => {
  test('the preview gives every row a verdict and writes nothing; the import creates customers and services through the real write paths', () => {
    const fx = isp();
    const before = fx.dump();
    const preview = fx.call('import.preview', { kind: 'customers', csv: CUSTOMERS, fileName: 'c.csv' });
    expect(preview).toMatchObject({ dryRun: true, applied: false, rule: 'allOrNothing', totals: { rows: 4, ok: 4, refused: 0 } });
    expect(preview.rows.map((r) => [r.row, r.verdict])).toEqual([
      [2, 'ok'],
      [3, 'ok'],
      [4, 'ok'],
      [5, 'ok'],
    ]);
    expect(preview.rows[0].message).toMatch(/^would be imported: customer "Anna Example"/);
    expect(fx.dump()).toEqual(before);

    const done = fx.call('import.apply', { kind: 'customers', csv: CUSTOMERS, fileName: 'c.csv' });
    expect(done).toMatchObject({ applied: true, totals: { ok: 4, refused: 0 } });
    const anna = fx.call('customers.get', { id: done.rows[0].customerId! });
    expect(anna).toMatchObject({ name: 'Anna Example', status: 'active', email: 'anna@example.com', counts: { services: 2 } });
    const services = fx.call('services.listForCustomer', { customerId: anna.id });
    expect(services.map((s) => [s.planName, s.unitPrice, s.start, s.internet?.login ?? null, s.internet?.ipv4 ?? null])).toEqual([
      ['Home 50', 2500, '2026-11-01', 'anna', '10.0.0.5'],
      ['Phone', 500, '2026-12-01', null, null],
    ]);
    expect(done.rows[1].customerId).toBe(anna.id); // the second row of K1 is the same customer
    // audited like the dialogs, plus one entry for the file
    const audit = fx.db.sqlite.prepare(`SELECT entity, count(*) AS n FROM audit_log GROUP BY entity`).all() as { entity: string; n: number }[];
    expect(Object.fromEntries(audit.map((a) => [a.entity, a.n]))).toMatchObject({ customer: 3, service: 3, import: 1 });
    // what FreeRADIUS reads follows (network triggers): Anna's login answers with her permanent address
    expect(fx.db.sqlite.prepare(`SELECT value FROM network_radreply WHERE username = 'anna' AND attribute = 'Framed-IP-Address'`).get()).toEqual({ value: '10.0.0.5' });

    // the same file again would double every customer: refused whole
    const again = fx.refuse('import.apply', { kind: 'customers', csv: CUSTOMERS });
    expect(again.code).toBe('REFUSED');
    expect(again.message).toMatch(/already imported on 2026-12-07/);
    expect(count(fx, 'customers')).toBe(3);
  });

  test('one refused row keeps the whole file out; database rules (login, address, plan, partner) are named by row and column', () => {
    const fx = isp();
    fx.call('import.apply', { kind: 'customers', csv: 'Name,Status,Plan,Start date,Login\nOld,active,Home 50,2026-11-01,taken\n' });
    const before = fx.dump();
    const csv = [
      'Name,Status,Partner,Plan,Start date,Login,IPv4',
      'Fine,active,,Home 50,2026-11-01,fine,',
      'Dup,active,,Home 50,2026-11-01,taken,',
      'Net,active,,Home 50,2026-11-01,net,10.0.0.0',
      'Who,active,Nowhere,,,,',
      'Plan,active,,Gold,2026-11-01,,',
      'Same,active,,Home 50,2026-11-01,fine,',
    ].join('\n');
    const r = fx.call('import.apply', { kind: 'customers', csv });
    expect(r).toMatchObject({ applied: false, totals: { rows: 6, ok: 1, refused: 5 } });
    expect(r.rows.flatMap((x) => x.errors.map((e) => `${e.row}|${e.column}|${e.message}`))).toEqual([
      '3|Login|is already used by active service #1 of customer #1',
      '4|IPv4|is the network or broadcast address of 10.0.0.0/24',
      '5|Partner|no partner is called "Nowhere" (write its name as in Config, or its number)',
      '6|Plan|no plan is called "Gold" (write its name as in Config, or its number)',
      '7|Login|is already used by active service #2 of customer #2',
    ]);
    expect(r.rows[0]).toMatchObject({ verdict: 'ok', customerId: null });
    expect(r.rows[0].message).toMatch(/not imported: the file is imported all or nothing and 5 rows were refused/);
    expect(fx.dump()).toEqual(before);
  });

  test('a file that cannot be read, or is too large, is refused whole with the reason', () => {
    const fx = isp();
    expect(fx.refuse('import.preview', { kind: 'customers', csv: 'Email\nx@y.z\n' }).message).toMatch(/no column 'Name'/);
    const big = `Name\n${'A\n'.repeat(5001)}`;
    expect(fx.refuse('import.preview', { kind: 'customers', csv: big }).message).toMatch(/5001 rows; at most 5000/);
    const huge = fx.refuse('import.preview', { kind: 'customers', csv: 'x'.repeat(2_000_001) });
    expect(huge).toMatchObject({ code: 'VALIDATION' });
    expect(huge.message).toMatch(/larger than 2 MB/);
  });
});

function bankIsp(): { fx: AppFixture; ann: number; bob: number; invoice: string } {
  const fx = isp();
  const ann = fx.call('customers.create', { name: 'Ann', status: 'active' }).id;
  const bob = fx.call('customers.create', { name: 'Bob', status: 'active' }).id;
  const inv = fx.call('billing.oneTimeInvoice', { customerId: bob, lines: [{ description: 'Router', amount: 4000 }] });
  return { fx, ann, bob, invoice: inv.number };
}

describe('payments: row by row, never doubled', () => {
  test('matched by customer number or reference; refused rows do not hold back the others; the same file twice records nothing more', () => {
    const { fx, ann, bob, invoice } = bankIsp();
    const csv = [
      'Booking date;Amount;Purpose;Counterparty;Balance',
      `01.12.2026;25,00;C${ann} December;Ann A.;100,00`,
      `2026-12-02;40,00;Invoice ${invoice};Bob B.;60,00`,
      `2026-12-02;10,00;C${ann};Ann A.;70,00`,
      `2026-12-02;10,00;C${ann};Ann A.;80,00`,
      '2026-12-03;5,00;hello;Someone;85,00',
      `2026-12-03;5,00;C${ann} C${bob};Both;90,00`,
      `2026-12-08;5,00;C${ann};Ann A.;95,00`,
    ].join('\n');
    const before = fx.dump();
    const preview = fx.call('import.preview', { kind: 'payments', csv });
    expect(fx.dump()).toEqual(before);
    expect(preview.rows.map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok', 'ok', 'refused', 'refused', 'refused']);
    expect(preview.ignoredColumns).toEqual(['Balance']);

    const first = fx.call('import.apply', { kind: 'payments', csv, fileName: 'bank.csv' });
    expect(first).toMatchObject({ applied: true, rule: 'rowByRow', totals: { ok: 4, refused: 3, alreadyImported: 0, amount: 8500 } });
    expect(first.rows.map((r) => r.customerId)).toEqual([ann, bob, ann, ann, null, null, null]);
    expect(first.rows.slice(4).map((r) => r.errors[0].text)).toEqual([
      `row 6, column 'Purpose': names no customer: it holds no invoice number and no customer number (C123, #123) of this database — add a 'Customer number' column`,
      `row 7, column 'Purpose': names more than one customer (#${ann} by customer number ${ann}, #${bob} by customer number ${bob}) — write the right one in a 'Customer number' column`,
      `row 8, column 'Booking date': cannot be after 2026-12-07`,
    ]);
    expect(fx.call('customers.get', { id: ann }).balance).toBe(4500);
    expect(fx.call('billing.forCustomer', { customerId: bob }).invoices[0].status).toBe('paid');
    const payment = fx.call('billing.forCustomer', { customerId: ann }).payments[0];
    expect(payment).toMatchObject({ method: 'bankTransfer', reference: `C${ann} December`, note: 'Payer: Ann A.', date: '2026-12-01' });

    // the same file again: every accepted row recognised, nothing doubled; the file itself is recognised too
    const again = fx.call('import.apply', { kind: 'payments', csv, fileName: 'bank.csv' });
    expect(again).toMatchObject({ applied: false, totals: { ok: 0, alreadyImported: 4, refused: 3 } });
    expect(again.previousImports).toHaveLength(1);
    expect(again.summary).toMatch(/imported before, on 2026-12-07/);
    expect(count(fx, 'payments')).toBe(4);
    expect(fx.call('customers.get', { id: ann }).balance).toBe(4500);

    // a later export that overlaps (rows 2–5 again, one new): only the new row is recorded
    const overlap = [csv.split('\n')[0], ...csv.split('\n').slice(1, 5), `2026-12-07;1,00;C${ann};Ann A.;`].join('\n');
    const third = fx.call('import.apply', { kind: 'payments', csv: overlap });
    expect(third.rows.map((r) => r.verdict)).toEqual(['alreadyImported', 'alreadyImported', 'alreadyImported', 'alreadyImported', 'ok']);
    expect(count(fx, 'payments')).toBe(5);
  });

  test('a bank transaction id alone recognises a row; finance may import, support may not', () => {
    const { fx, ann } = bankIsp();
    const csv = `Date,Amount,Reference,Customer number,Transaction id\n2026-12-01,10.00,x,${ann},T-1\n2026-12-01,10.00,x,${ann},T-1\n`;
    const support = fx.as({ kind: 'staff', name: 'Sue', role: 'support' });
    expect(fx.refuse('import.preview', { kind: 'payments', csv }, support).code).toBe('FORBIDDEN');
    const r = fx.call('import.apply', { kind: 'payments', csv }, fx.as({ kind: 'staff', name: 'Fin', role: 'finance' }));
    expect(r.rows.map((x) => x.verdict)).toEqual(['ok', 'alreadyImported']);
    expect(r.rows[1].message).toMatch(/same bank row as row 2/);
    expect(count(fx, 'payments')).toBe(1);
  });
});

describe('cli import', () => {
  const root = resolve(import.meta.dirname, '../..');
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'main/hosts/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  test('prints the report as JSON; --dry-run writes nothing; exit 1 when a row is refused, 0 when rows are only already imported', () => {
    const { fx, ann } = bankIsp();
    const file = fx.file;
    fx.db.close();
    const good = join(fx.dir, 'bank.csv');
    writeFileSync(good, `Date,Amount,Customer number\n2026-12-01,12.50,${ann}\n`);
    const bad = join(fx.dir, 'bad.csv');
    writeFileSync(bad, `Date,Amount,Customer number\n2026-12-01,12.50,${ann}\n2026-12-01,abc,${ann}\n`);
    const date = ['--db', file, '--date', '2026-12-07'];

    const dry = cli('import', 'payments', good, ...date, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out) as ImportReport).toMatchObject({ dryRun: true, applied: false, totals: { ok: 1 } });
    const ok = cli('import', 'payments', good, ...date);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out) as ImportReport).toMatchObject({ applied: true, fileName: 'bank.csv', totals: { ok: 1, amount: 1250 } });
    const twice = cli('import', 'payments', good, ...date);
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.out) as ImportReport).toMatchObject({ applied: false, totals: { ok: 0, alreadyImported: 1 } });
    const refused = cli('import', 'payments', bad, ...date);
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.out) as ImportReport;
    expect(report.rows[1].errors[0].text).toMatch(/^row 3, column 'Amount': not an amount/);
    const unreadable = cli('import', 'customers', good, ...date);
    expect(unreadable.code).toBe(1);
    expect(JSON.parse(unreadable.out)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    f = undefined; // the file's folder is left to the OS temp cleaner: the fixture's db is closed already
  }, 180_000);
});
