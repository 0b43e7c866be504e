import { afterEach, describe, expect, test } from 'vitest';
import { dispatch, toErrorData } from '../../main/app/dispatch';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

// Issue 15, hostile items 3 (last part) and 5: `{"__proto__": …}` in settings.update answered ok and audited
// "update {}" (JSON.parse makes __proto__ an own key; copied into a record it set the record's prototype and
// vanished). Prototype keys anywhere and unknown keys at any depth are now VALIDATION naming the key. And a rule of
// the database that refuses a write reaches people coded and in words, never as SQLite's own text.

let fx: AppFixture | undefined;
afterEach(() => {
  fx?.close();
  fx = undefined;
});

const raw = (json: string) => JSON.parse(json) as never;

describe('prototype and unknown keys are refused, naming the key', () => {
  test('settings.update with __proto__, constructor or prototype: VALIDATION, nothing saved or audited', () => {
    fx = createAppFixture();
    const f = fx;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const input = raw(`{"partnerId": 1, "values": {"${key}": {"billing.day": 5}}}`);
      const err = expectRefusedUnchanged(f, () => f.refuse('settings.update', input), 'VALIDATION', `values.${key}`);
      expect(err.message).toContain(key);
    }
    expect(({} as Record<string, unknown>)['billing.day']).toBeUndefined();
    expect(f.call('settings.get', { partnerId: 1 }).values['billing.day']).toBe(1);
  });

  test('a prototype key deep inside any channel input is refused', () => {
    fx = createAppFixture();
    const f = fx;
    const c = f.call('customers.create', { name: 'Polly Proto', status: 'active' });
    expectRefusedUnchanged(f, () => f.refuse('customers.create', raw('{"name": "X", "billing": {"__proto__": {"billingDay": 3}}}')), 'VALIDATION', 'billing.__proto__');
    const err = expectRefusedUnchanged(
      f,
      () => f.refuse('billing.oneTimeInvoice', raw(`{"customerId": ${c.id}, "lines": [{"description": "a", "amount": 100, "constructor": {"prototype": 1}}]}`)),
      'VALIDATION',
    );
    expect(Object.keys(err.fields ?? {})).toEqual(['lines.0.constructor']);
  });

  test('unknown keys are refused at every depth, not dropped', () => {
    fx = createAppFixture();
    const f = fx;
    const c = f.call('customers.create', { name: 'Una Unknown', status: 'active' });
    expectRefusedUnchanged(f, () => f.refuse('settings.update', { partnerId: 1, values: { 'billing.dya': 5 } }), 'VALIDATION', 'values.billing.dya');
    const err = expectRefusedUnchanged(
      f,
      () => f.refuse('billing.oneTimeInvoice', raw(`{"customerId": ${c.id}, "lines": [{"description": "a", "amount": 100, "vatRate": 2100}]}`)),
      'VALIDATION',
      'lines.0',
    );
    expect(err.message).toContain('vatRate');
    expectRefusedUnchanged(f, () => f.refuse('customers.update', raw(`{"id": ${c.id}, "billing": {"billingDay": 3, "billingDya": 4}}`)), 'VALIDATION', 'billing');
  });
});

describe('a refusal by the database itself is coded and in words', () => {
  test('CHECK, NOT NULL, UNIQUE and FOREIGN KEY failures never show SQLite text', () => {
    fx = createAppFixture();
    const f = fx;
    const c = f.call('customers.create', { name: 'Rita Rules', status: 'active' });
    const inv = f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 1000 }] });
    const failures: [string, () => unknown, string][] = [
      ['check', () => f.db.sqlite.prepare('UPDATE invoices SET paid = total + 1 WHERE id = ?').run(inv.id), 'VALIDATION'],
      ['not null', () => f.db.sqlite.prepare('UPDATE customers SET name = NULL WHERE id = ?').run(c.id), 'VALIDATION'],
      ['unique', () => f.db.sqlite.prepare("INSERT INTO invoices (customer_id, number, kind, date, due_date, net, vat, total) VALUES (?, ?, 'one_time', '2022-01-10', '2022-01-10', 0, 0, 0)").run(c.id, inv.number), 'CONFLICT'],
      ['foreign key', () => f.db.sqlite.prepare('UPDATE invoices SET customer_id = 999 WHERE id = ?').run(inv.id), 'CONFLICT'],
    ];
    for (const [what, write, code] of failures) {
      let thrown: unknown;
      try {
        write();
      } catch (err) {
        thrown = err;
      }
      expect(thrown, what).toBeInstanceOf(Error);
      const data = toErrorData(thrown);
      expect(data.code, what).toBe(code);
      expect(data.message, what).not.toMatch(/constraint failed|SQLITE|CHECK|NOT NULL|FOREIGN KEY|UNIQUE/);
      expect(data.message, what).toMatch(/^Not saved: .*Nothing was changed\.$/);
    }
  });

  test('the Default partner guard (a trigger) keeps its own sentence', () => {
    fx = createAppFixture();
    let thrown: unknown;
    try {
      fx.db.sqlite.prepare('DELETE FROM partners WHERE id = 1').run();
    } catch (err) {
      thrown = err;
    }
    expect(toErrorData(thrown)).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/^The Default partner cannot be deleted/) });
    // and dispatch answers every channel with an envelope, as before
    expect(dispatch(fx.ctx, 'customers.list', {}).ok).toBe(true);
  });
});
