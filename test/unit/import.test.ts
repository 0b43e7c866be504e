import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatMoney } from '../../main/engine';
import { parseAmount, parseDay, Refusal } from '../../main/import/cells';
import { readCustomersCsv } from '../../main/import/customers';
import { paymentFingerprints, readPaymentsCsv, referenceTokens, type PaymentCsvRow } from '../../main/import/payments';

// The pure CSV reader: every kind of problem is named by its row (a spreadsheet's numbering, header = row 1) and the
// column header as the file spells it; amounts become exact integer cents.

const texts = (csv: string) =>
  readCustomersCsv(csv)
    .groups.flatMap((g) => g.errors)
    .map((e) => e.text);

describe('amounts', () => {
  test('dot or comma decimals give exact cents; thousands separators, three decimals and currency are refused', () => {
    expect(parseAmount('12.50')).toBe(1250);
    expect(parseAmount('12,50')).toBe(1250);
    expect(parseAmount('12,5')).toBe(1250);
    expect(parseAmount('0.07')).toBe(7);
    expect(parseAmount('1 234,50')).toBe(123450);
    expect(parseAmount('-3.10')).toBe(-310);
    for (const bad of ['1,234.50', '12.345', '€12', '12 EUR', '', 'abc', '1.2.3']) expect(parseAmount(bad), bad).toBeInstanceOf(Refusal);
  });

  test('property: formatting cents (dot or comma) and parsing gives the same cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 }), fc.boolean(), (cents, comma) => {
        const text = comma ? formatMoney(cents).replace('.', ',') : formatMoney(cents);
        expect(parseAmount(text)).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates', () => {
  test('YYYY-MM-DD and DD.MM.YYYY are read; impossible days and slashes are refused', () => {
    expect(parseDay('2026-02-28')).toBe('2026-02-28');
    expect(parseDay('1.2.2026')).toBe('2026-02-01');
    expect(parseDay('31.12.2026')).toBe('2026-12-31');
    for (const bad of ['2026-02-30', '02/03/2026', '2026-2-3', '32.01.2026', 'tomorrow']) expect(parseDay(bad), bad).toBeInstanceOf(Refusal);
  });
});

describe('customers file', () => {
  test('each kind of cell error names its row and column as the file spells them', () => {
    const csv = [
      'Customer Name,E-mail,Status,Plan,PRICE,start,Billing day,Category,Pay period',
      'Ann,,active,Home,12.345,2026-01-01,,,',
      ',,,,,,,,',
      'Bob,,sleeping,Home,,2026-01-01,,,',
      'Cid,,,Home,,2026-02-30,,,',
      'Dan,,,Home,,2026-01-01,31,,',
      'Eve,,,Home,,2026-01-01,,alien,',
      'Fay,,,,10.00,,,,',
      'Gus,,,Home,,2026-01-01,,,2',
    ].join('\n');
    expect(texts(csv)).toEqual([
      `row 2, column 'PRICE': not an amount: "12.345" (use 1234.50 or 1234,50 — no thousands separators, no currency)`,
      `row 4, column 'Status': "sleeping" is not one of: new, active, blocked, inactive`,
      `row 5, column 'start': not a date: "2026-02-30" (use YYYY-MM-DD)`,
      `row 6, column 'Billing day': must be a whole number from 1 to 28`,
      `row 7, column 'Category': "alien" is not one of: person, company`,
      `row 8, column 'Plan': is empty, but the row has a service (a plan is required for it)`,
      `row 8, column 'start': is empty, but the row has a service (a start date is required for it)`,
      `row 9, column 'Pay period': must be 1, 3, 6 or 12 (months)`,
    ]);
  });

  test('rows with the same Customer ref are one customer; a later row that says otherwise is refused with both rows named', () => {
    const file = readCustomersCsv(['Customer ref;Name;Email;Plan;Start date', 'A;Ann;a@x.org;Home;2026-01-01', 'A;;;Voice;2026-01-01', 'A;Anne;;TV;2026-01-01', 'B;Bob;;;'].join('\n'));
    expect(file.groups).toHaveLength(2);
    expect(file.groups[0].rows).toEqual([2, 3, 4]);
    expect(file.groups[0].services.map((s) => s.row)).toEqual([2, 3, 4]);
    expect(file.groups[0].errors.map((e) => e.text)).toEqual([`row 4, column 'Name': says "Anne" but row 2 (the first row of customer ref "A") says "Ann"`]);
    expect(file.groups[1].services).toEqual([]);
  });

  test('a whole file is refused when it cannot be read as asked: no header, a missing column, two columns for one, an unclosed quote', () => {
    expect(readCustomersCsv('').refusal).toMatch(/empty/);
    expect(readCustomersCsv('Email,Plan\na@b.c,Home\n').refusal).toMatch(/no column 'Name'/);
    expect(readCustomersCsv('Name,Customer name\nA,B\n').refusal).toMatch(/'Name' and 'Customer name' both mean 'Name'/);
    expect(readCustomersCsv('Name\n').refusal).toMatch(/no rows/);
    expect(readCustomersCsv('Name,Notes\nAnn,"never closed\n').refusal).toMatch(/quote/);
  });

  test('unknown columns are ignored and listed; quoted cells may hold commas and line breaks without shifting row numbers', () => {
    const file = readCustomersCsv('\uFEFFName,Notes,Old system flag\n"Ann, Jr.","two\nlines",x\nBob,,y\nCid,,,\n');
    expect(file.ignoredColumns).toEqual(['Old system flag']);
    expect(file.groups.map((g) => [g.rows[0], g.customer?.name])).toEqual([
      [2, 'Ann, Jr.'],
      [3, 'Bob'],
      [4, 'Cid'],
    ]);
  });
});

describe('payments file', () => {
  test('errors name row and column; outgoing amounts and rows naming no customer are refused', () => {
    const file = readPaymentsCsv(['Booking date;Amount;Purpose;Customer no', '01.12.2026;25,00;C1;', 'yesterday;5;x;', '2026-12-01;-5,00;fee;', '2026-12-01;5;;', '2026-12-01;5;;12a'].join('\n'));
    expect(file.rows.flatMap((r) => r.errors.map((e) => e.text))).toEqual([
      `row 3, column 'Booking date': not a date: "yesterday" (use YYYY-MM-DD)`,
      `row 4, column 'Amount': is not more than zero: only money received is imported (leave outgoing rows out of the file)`,
      `row 5, column 'Purpose': is empty and there is no customer number: nothing tells which customer paid`,
      `row 6, column 'Customer no': must be a customer number (digits)`,
    ]);
    expect(file.rows[0].value).toMatchObject({ date: '2026-12-01', amount: 2500, reference: 'C1' });
  });

  test('fingerprints: the same rows give the same prints; two alike rows of one file stay two; a transaction id decides alone', () => {
    const row = (r: number, v: Partial<PaymentCsvRow>) => ({ row: r, value: { date: '2026-12-01', amount: 1000, reference: 'C1', customerNumber: '', transactionId: '', method: null, payer: '', ...v } });
    const a = paymentFingerprints([row(2, {}), row(3, {}), row(4, { reference: ' c1 ' })]);
    expect(new Set(a.values()).size).toBe(3); // 1st, 2nd and 3rd of the same payment (case and spaces ignored)
    const again = paymentFingerprints([row(7, {}), row(9, {})]);
    expect([again.get(7), again.get(9)]).toEqual([a.get(2), a.get(3)]);
    const tx = paymentFingerprints([row(2, { transactionId: 'T-1' }), row(3, { transactionId: 'T-1', amount: 5 })]);
    expect(tx.get(2)).toBe(tx.get(3));
  });

  test('a reference names customers by prefixed numbers or alone, never by a bare number among other words', () => {
    expect(referenceTokens('C12 December').customerNumbers).toEqual([12]);
    expect(referenceTokens('#7').customerNumbers).toEqual([7]);
    expect(referenceTokens('  42 ').customerNumbers).toEqual([42]);
    expect(referenceTokens('Customer no. 15, thanks').customerNumbers).toEqual([15]);
    expect(referenceTokens('CUST-3').customerNumbers).toEqual([3]);
    expect(referenceTokens('invoice 2026 December').customerNumbers).toEqual([]);
    expect(referenceTokens('INV-2026-0001 paid').words).toContain('INV-2026-0001');
  });
});
