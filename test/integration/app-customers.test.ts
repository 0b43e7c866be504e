import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../main/app/passwords';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

let fx: AppFixture;
beforeEach(() => {
  fx = createAppFixture({ today: '2022-01-10' });
});
afterEach(() => fx.close());

const anna = { name: 'Anna Smith', email: 'anna@example.com', phone: '+1 555-0100', portalLogin: 'anna', portalPassword: 's3cret!' };

describe('customers', () => {
  it('creates a customer with a hashed portal password, audited', () => {
    const c = fx.call('customers.create', anna);
    expect(c).toMatchObject({ name: 'Anna Smith', status: 'new', partnerId: 1, partnerName: 'Default', createdOn: '2022-01-10', hasPortalPassword: true });
    const row = fx.db.sqlite.prepare('SELECT portal_password_hash AS h FROM customers WHERE id = ?').get(c.id) as { h: string };
    expect(row.h).not.toContain('s3cret');
    expect(row.h.startsWith('scrypt$')).toBe(true);
    expect(verifyPassword('s3cret!', row.h)).toBe(true);
    expect(verifyPassword('wrong', row.h)).toBe(false);
    expect(JSON.stringify(c)).not.toContain('s3cret');
    const log = fx.call('customers.auditLog', { customerId: c.id });
    expect(log.total).toBe(1);
    expect(log.rows[0]).toMatchObject({ entity: 'customer', action: 'create', actor: 'tester', businessDate: '2022-01-10' });
    expect(JSON.stringify(log.rows[0].after)).not.toContain('scrypt');
  });

  it('shows stored and effective billing terms and the dunning timeline', () => {
    fx.call('settings.update', { partnerId: 1, values: { 'billing.day': 1, 'billing.paymentDueDays': 15, 'billing.blockingDays': 0, 'billing.deactivationDays': 10 } });
    const c = fx.call('customers.create', { name: 'Bob', billing: { blockingDays: 'never', billingDay: 5 } });
    expect(c.billing).toMatchObject({ billingDay: 5, blockingDays: 'never', paymentDueDays: null });
    expect(c.effectiveBilling).toMatchObject({ billingDay: 5, paymentDueDays: 15, blockingDays: 'never', deactivationDays: 10, minimumBalance: 0 });
    expect(fx.db.sqlite.prepare('SELECT blocking_days AS b FROM customers WHERE id = ?').get(c.id)).toEqual({ b: -1 });
    expect(c.dunning).toEqual({ nextInvoiceDate: '2022-02-05', unpaidInvoiceId: null, dueDate: null, blockingDate: null, deactivationDate: null });

    const d = fx.call('customers.create', { name: 'Dora' });
    fx.db.sqlite
      // as issued under these settings: the dates are stored on the invoice (decision 24)
      .prepare(
        `INSERT INTO invoices (customer_id, number, kind, date, due_date, blocking_date, deactivation_date, charges_service, net, vat, total)
         VALUES (?, 'INV-1', 'recurring', '2022-01-01', '2022-01-16', '2022-01-16', '2022-01-26', 1, 100, 0, 100)`,
      )
      .run(d.id);
    const got = fx.call('customers.get', { id: d.id });
    expect(got.dunning).toMatchObject({ nextInvoiceDate: '2022-02-01', dueDate: '2022-01-16', blockingDate: '2022-01-16', deactivationDate: '2022-01-26' });
    expect(got.counts).toEqual({ services: 0, unpaidInvoices: 1, openTickets: 0 });
  });

  it('updates only the fields given; status by hand; password kept when empty', () => {
    const c = fx.call('customers.create', { ...anna, billing: { billingDay: 7 } });
    const u = fx.call('customers.update', { id: c.id, phone: '123', status: 'active' });
    expect(u).toMatchObject({ name: 'Anna Smith', email: 'anna@example.com', phone: '123', status: 'active', portalLogin: 'anna', hasPortalPassword: true });
    expect(u.billing.billingDay).toBe(7);
    const hash = () => (fx.db.sqlite.prepare('SELECT portal_password_hash AS h FROM customers WHERE id = ?').get(c.id) as { h: string }).h;
    const h1 = hash();
    fx.call('customers.update', { id: c.id, portalPassword: '' });
    expect(hash()).toBe(h1);
    fx.call('customers.update', { id: c.id, portalPassword: 'other' });
    expect(verifyPassword('other', hash())).toBe(true);
    fx.call('customers.update', { id: c.id, status: 'inactive' });
    const log = fx.call('customers.auditLog', { customerId: c.id, pageSize: 2 });
    expect(log.total).toBe(5);
    expect(log.rows.map((r) => r.action)).toEqual(['update (status active → inactive)', 'update']);
  });

  it('refuses without writing: unknown partner, duplicate login, future creation date, unknown id', () => {
    fx.call('customers.create', anna);
    expectRefusedUnchanged(fx, () => fx.refuse('customers.create', { name: 'X', partnerId: 99 }), 'NOT_FOUND', 'partnerId');
    expectRefusedUnchanged(fx, () => fx.refuse('customers.create', { name: 'X', portalLogin: 'ANNA' }), 'CONFLICT', 'portalLogin');
    expectRefusedUnchanged(fx, () => fx.refuse('customers.create', { name: 'X', createdOn: '2022-01-11' }), 'VALIDATION', 'createdOn');
    expectRefusedUnchanged(fx, () => fx.refuse('customers.update', { id: 999, name: 'X' }), 'NOT_FOUND', 'id');
    expectRefusedUnchanged(fx, () => fx.refuse('customers.get', { id: 999 }), 'NOT_FOUND');
    const b = fx.call('customers.create', { name: 'Bob', portalLogin: 'bob' });
    expectRefusedUnchanged(fx, () => fx.refuse('customers.update', { id: b.id, portalLogin: 'anna' }), 'CONFLICT', 'portalLogin');
  });

  describe('list', () => {
    beforeEach(() => {
      fx.call('partners.create', { name: 'North' });
      const rows = [
        { name: 'Anna Smith', email: 'anna@example.com', phone: '+1 555-0100', portalLogin: 'anna' },
        { name: 'Bob Jones', email: 'bob@mail.org', phone: '+1 555-0200', portalLogin: 'bjones', partnerId: 2 },
        { name: 'Carla Smithers', email: 'carla@example.com', phone: '0044 20 7946', portalLogin: 'carla', status: 'active' as const },
        { name: 'Dan Brown', email: 'dan@x.net', phone: '777', portalLogin: 'dan_b', status: 'active' as const },
      ];
      for (const r of rows) fx.call('customers.create', r);
      const plan = fx.call('plans.create', { kind: 'internet', name: 'Home', price: 1000 });
      fx.call('ipv4.saveNetwork', { network: '10.1.0.0/24', kind: 'permanent' });
      fx.call('services.add', {
        customerId: 4,
        kind: 'internet',
        planId: plan.id,
        start: '2022-01-01',
        internet: { ipv4Method: 'permanent', ipv4: '10.1.0.77' },
      });
    });
    const ids = (search: string, extra: object = {}) => fx.call('customers.list', { search, ...extra }).rows.map((r) => r.id);

    it('searches name (prefix and contains), e-mail, phone, login, id and IP', () => {
      expect(ids('anna')).toEqual([1]);
      expect(ids('smi')).toEqual([1, 3]); // "contains" (trigram) as well as prefix
      expect(ids('ithers')).toEqual([3]);
      expect(ids('Bo')).toEqual([2]); // 2 characters: prefix only
      expect(ids('example.com')).toEqual([1, 3]);
      expect(ids('+1 555')).toEqual([1, 2]);
      expect(ids('0200')).toEqual([2]);
      expect(ids('bjon')).toEqual([2]);
      expect(ids('dan_')).toEqual([4]); // underscore is literal
      expect(ids('3')).toEqual([3]); // id
      expect(ids('10.1.0.77')).toEqual([4]);
      expect(ids('10.1.')).toEqual([4]);
      expect(ids('"; DROP')).toEqual([]);
    });

    it('filters, sorts and pages with a matching total', () => {
      const p = fx.call('customers.list', { sortBy: 'name', sortDir: 'desc', page: 1, pageSize: 3 });
      expect(p.total).toBe(4);
      expect(p.rows.map((r) => r.name)).toEqual(['Dan Brown', 'Carla Smithers', 'Bob Jones']);
      const p2 = fx.call('customers.list', { sortBy: 'name', sortDir: 'desc', page: 2, pageSize: 3 });
      expect(p2.rows.map((r) => r.name)).toEqual(['Anna Smith']);
      expect(fx.call('customers.list', { status: 'active' }).rows.map((r) => r.id)).toEqual([3, 4]);
      const byPartner = fx.call('customers.list', { partnerId: 2 });
      expect(byPartner).toMatchObject({ total: 1, rows: [{ id: 2, partnerName: 'North' }] });
      expect(fx.call('customers.list', { search: 'smith', status: 'active' }).total).toBe(1);
      expect(fx.call('customers.list', { sortBy: 'partner', sortDir: 'desc' }).rows[0].id).toBe(2);
    });

    it('uses indexes, not a scan of customers, for a search', () => {
      const plan = fx.db.sqlite
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\'`,
        )
        .all('ann%') as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING (COVERING )?INDEX customers_name_idx/);
    });
  });
});
