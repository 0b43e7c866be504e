import type { AppContext } from '../../main/app/context';
import { createAppFixture, type AppFixture } from './appFixtures';

// A small ISP for the portal and ticket tests: two plans a customer may move between in the portal (p100 → p500),
// one plan not offered there (p200), and customers A and B (and C, a twin of A for admin-vs-portal comparisons),
// each with one internet service on p100 from 2022-01-01, invoiced on 2022-01-01 and paid. Today: 2022-01-10.

export interface PortalWorld {
  fx: AppFixture;
  plans: { p100: number; p500: number; p200: number; voice: number };
  a: { customerId: number; serviceId: number; invoiceId: number; portal: AppContext };
  b: { customerId: number; serviceId: number; invoiceId: number; portal: AppContext; ticketId: number };
  c: { customerId: number; serviceId: number; invoiceId: number; portal: AppContext };
}

export function createPortalWorld(): PortalWorld {
  const fx = createAppFixture({ today: '2022-01-01' });
  const p500 = fx.call('plans.create', { kind: 'internet', name: 'Ethernet_500Mbps', price: 20000 }).id;
  const p200 = fx.call('plans.create', { kind: 'internet', name: 'Ethernet_200Mbps', price: 15000 }).id;
  const p100 = fx.call('plans.create', { kind: 'internet', name: 'Ethernet_100Mbps', price: 10000, portalTargetIds: [p500] }).id;
  const voice = fx.call('plans.create', { kind: 'voice', name: 'Talk', price: 500 }).id;
  const customer = (name: string, login: string) => {
    const c = fx.call('customers.create', { name, status: 'active', portalLogin: login });
    const s = fx.call('services.add', { customerId: c.id, kind: 'internet', planId: p100, start: '2022-01-01' });
    return { customerId: c.id, serviceId: s.id };
  };
  const A = customer('Ava Lindqvist', 'ava');
  const B = customer('Bruno Costa', 'bruno');
  const C = customer('Cleo Park', 'cleo');
  fx.clock.set('2022-01-02');
  fx.call('days.runUntil', { until: '2022-01-01' });
  const invoiceOf = (customerId: number) => {
    const inv = fx.call('billing.forCustomer', { customerId }).invoices;
    if (inv.length !== 1) throw new Error(`expected one invoice for customer ${customerId}, found ${inv.length}`);
    return inv[0].id;
  };
  for (const c of [A, B, C]) fx.call('billing.addPayment', { customerId: c.customerId, amount: 10000 });
  fx.clock.set('2022-01-10');
  fx.call('days.runUntil', { until: '2022-01-09' });
  const portal = (customerId: number): AppContext => fx.as({ kind: 'portal', customerId, openedBy: 'tester' });
  const bTicket = fx.call('portal.createTicket', { subject: 'Slow at night', message: 'Speed drops after 9pm' }, portal(B.customerId));
  return {
    fx,
    plans: { p100, p500, p200, voice },
    a: { ...A, invoiceId: invoiceOf(A.customerId), portal: portal(A.customerId) },
    b: { ...B, invoiceId: invoiceOf(B.customerId), portal: portal(B.customerId), ticketId: bTicket.id },
    c: { ...C, invoiceId: invoiceOf(C.customerId), portal: portal(C.customerId) },
  };
}
