import { describe, expect, it } from 'vitest';
import { contract } from '../../main/contract';
import { ALL_AREAS, WRITE_AREAS, changeOf, customerOf, eventConcerns, eventForPortal, readAreas, writeAreas } from '../../main/contract/changes';
import type { ChangeEvent } from '../../main/backend/types';

// Push (issue 20 item 2): every write announces what it changed and every read knows what it shows, so a screen
// refetches exactly when a write touched what it shows. Walks the whole contract: a new channel fails here until
// it is placed in main/contract/changes.ts.

const channels = Object.entries(contract);

describe('which write announces what (main/contract/changes.ts)', () => {
  it('every write channel announces at least one known area; no read channel is listed as a write', () => {
    const writes = channels.filter(([, c]) => !c.readOnly).map(([name]) => name);
    expect(writes.length).toBeGreaterThan(40);
    for (const name of writes) {
      expect(writeAreas(name).length, name).toBeGreaterThan(0);
      for (const area of writeAreas(name)) expect(ALL_AREAS, `${name}: ${area}`).toContain(area);
    }
    const reads = new Set(channels.filter(([, c]) => c.readOnly).map(([name]) => name));
    for (const listed of Object.keys(WRITE_AREAS)) {
      expect(listed in contract, `${listed} is not a channel`).toBe(true);
      expect(reads.has(listed), `${listed} is a read`).toBe(false);
    }
  });

  it('every read channel shows at least one known area', () => {
    for (const [name, c] of channels.filter(([, ch]) => ch.readOnly)) {
      expect(readAreas(name).length, `${name} (${c.access})`).toBeGreaterThan(0);
      for (const area of readAreas(name)) expect(ALL_AREAS, `${name}: ${area}`).toContain(area);
    }
    expect(readAreas('constructor')).toEqual([]);
    expect(readAreas('nothing.here')).toEqual([]);
  });

  it('each write reaches the screens that show its result', () => {
    // a payment: the Billing tab, the balance in the customer header and the customers list
    const payment = writeAreas('billing.addPayment');
    for (const read of ['billing.forCustomer', 'billing.customerSummary', 'customers.list', 'customers.get', 'finance.payments', 'portal.finance'])
      expect(readAreas(read).some((a) => payment.includes(a)), read).toBe(true);
    const service = writeAreas('services.update');
    for (const read of ['services.listForCustomer', 'network.answer', 'customers.auditLog', 'portal.services'])
      expect(readAreas(read).some((a) => service.includes(a)), read).toBe(true);
    expect(readAreas('tickets.list').some((a) => writeAreas('portal.createTicket').includes(a))).toBe(true);
    expect(writeAreas('backup.restore')).toEqual(ALL_AREAS);
  });

  it('names the one customer a call concerns, from its input or its answer', () => {
    expect(changeOf('billing.addPayment', { customerId: 7, amount: 100 }, { id: 3, customerId: 7 })).toEqual({ areas: [...writeAreas('billing.addPayment')], customerIds: [7] });
    expect(customerOf('customers.update', { id: 4, name: 'x' }, { id: 4 })).toBe(4);
    expect(customerOf('customers.create', { name: 'x' }, { id: 9 })).toBe(9);
    expect(customerOf('services.update', { id: 12 }, { id: 12, customerId: 5 })).toBe(5);
    expect(customerOf('services.delete', { id: 12 }, { deleted: true })).toBeUndefined();
    expect(customerOf('settings.update', { partnerId: 1, customerId: 3 }, {})).toBeUndefined();
    // a portal call concerns its own customer whatever its input says
    expect(changeOf('portal.updateProfile', { customerId: 99 }, {}, 2)?.customerIds).toEqual([2]);
    // a read never announces
    expect(changeOf('customers.list', {}, {})).toBeNull();
    // a bulk apply announces once, with the chunk that finishes it (a chunk before it: only if none follows)
    expect(changeOf('bulk.applyChunk', { batchId: 1, limit: 1000 }, { done: false, processed: 1000 })).toEqual({ areas: [...writeAreas('bulk.applyChunk')], unlessFollowed: true });
    expect(changeOf('bulk.applyChunk', { batchId: 1, limit: 1000 }, { done: true, processed: 1500 })).toEqual({ areas: [...writeAreas('bulk.applyChunk')] });
  });
});

describe('who hears an event', () => {
  const payment7: ChangeEvent = { kind: 'changed', areas: ['billing', 'customers'], customerIds: [7] };
  const dayRun: ChangeEvent = { kind: 'changed', areas: ['days', 'billing'] };

  it('a screen refetches when the event names one of its areas and, when it shows one customer, that customer', () => {
    expect(eventConcerns(payment7, readAreas('customers.list'))).toBe(true);
    expect(eventConcerns(payment7, readAreas('billing.forCustomer'), 7)).toBe(true);
    expect(eventConcerns(payment7, readAreas('billing.forCustomer'), 8)).toBe(false);
    expect(eventConcerns(dayRun, readAreas('billing.forCustomer'), 8)).toBe(true);
    expect(eventConcerns(payment7, readAreas('plans.list'))).toBe(false);
  });

  it('a portal screen hears only its own customer and never the ids of others', () => {
    expect(eventForPortal(payment7, 8)).toBeNull();
    expect(eventForPortal(payment7, 7)).toEqual(payment7);
    expect(eventForPortal({ ...payment7, customerIds: [7, 8, 9] }, 8)?.customerIds).toEqual([8]);
    expect(eventForPortal(dayRun, 8)).toEqual(dayRun);
  });
});
