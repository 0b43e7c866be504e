import { parseMoney, planRecurringLines, type BillableService, type ChangePlanInput, type InvoicedLine } from '../../../main/engine';

/** Money as the documents write it: m('200.00') → 20000 cents. */
export const m = (text: string): number => parseMoney(text);

export function service(over: Partial<BillableService> = {}): BillableService {
  return {
    id: 1,
    description: 'Ethernet_500Mbps',
    start: '2022-01-01',
    end: null,
    invoicedUntil: null,
    status: 'active',
    unitPrice: m('200.00'),
    quantity: 1,
    payPeriodMonths: 1,
    discount: null,
    vatRateBp: 0,
    vatIncluded: false,
    ...over,
  };
}

/** The old service as the recurring run invoiced it on `invoiceDate`: its lines and invoiced-until. */
export function invoicedOld(svc: BillableService, invoiceDate: string, billingDay: number): { lines: InvoicedLine[]; invoicedUntil: string | null } {
  const plan = planRecurringLines({ invoiceDate, billingDay, service: svc });
  return {
    lines: plan.lines.map((l) => ({
      periodFrom: l.periodFrom,
      periodTo: l.periodTo,
      from: l.from,
      to: l.to,
      amount: l.amount,
      periodPrice: l.periodPrice,
      divisor: l.divisor,
      discount: l.discount,
    })),
    invoicedUntil: plan.invoicedUntil,
  };
}

/** CP1 as the baseline change: 200.00 → 100.00, January invoiced and paid, change on 01-11 for 01-20. */
export function cp1Input(over: Partial<ChangePlanInput> = {}): ChangePlanInput {
  const old = service({ description: 'Ethernet_500Mbps', unitPrice: m('200.00') });
  const inv = invoicedOld(old, '2022-01-01', 1);
  return {
    today: '2022-01-11',
    newStart: '2022-01-20',
    billingDay: 1,
    settings: { refund: 'unused', feeMoreExpensive: 0, feeLessExpensive: m('30.00'), invoice: 'endOfActiveMonth', minimumInvoice: 0 },
    old: {
      status: 'active',
      planName: 'Ethernet_500Mbps',
      description: 'Ethernet_500Mbps',
      start: '2022-01-01',
      end: null,
      invoicedUntil: inv.invoicedUntil,
      unitPrice: m('200.00'),
      quantity: 1,
      payPeriodMonths: 1,
      invoicedLines: inv.lines,
    },
    next: { planName: 'Ethernet_100Mbps', description: 'Ethernet_100Mbps', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, vatRateBp: 0, vatIncluded: false },
    balanceBefore: 0,
    ...over,
  };
}
