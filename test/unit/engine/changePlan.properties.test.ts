import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  changeNetEffect,
  compareDates,
  daysInclusive,
  prorateFromPeriodPrice,
  quoteChangePlan,
  type ChangePlanInput,
  type InvoiceAfterChange,
  type PayPeriodMonths,
} from '../../../main/engine';
import { invoicedOld, service } from './helpers';

const payPeriod = fc.constantFrom<PayPeriodMonths>(1, 3, 6, 12);
const startDate = fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A random old service invoiced on its start date (and maybe a later catch-up), and a random change inside what was invoiced. */
const scenario = fc
  .record({
    start: startDate,
    billingDay: fc.integer({ min: 1, max: 28 }),
    price: fc.integer({ min: 0, max: 500_00 }),
    quantity: fc.integer({ min: 1, max: 5 }),
    payPeriodMonths: payPeriod,
    discountBp: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null }),
    extraDays: fc.integer({ min: 0, max: 400 }),
    // 0 often: a change made on the start date (same day) or starting today.
    todayOffset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
    startOffset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
    next: fc.record({ price: fc.integer({ min: 0, max: 500_00 }), quantity: fc.integer({ min: 1, max: 5 }), payPeriodMonths: payPeriod, vatRateBp: fc.constantFrom(0, 900, 2100), vatIncluded: fc.boolean() }),
    settings: fc.record({
      feeMoreExpensive: fc.integer({ min: 0, max: 50_00 }),
      feeLessExpensive: fc.integer({ min: 0, max: 50_00 }),
      invoice: fc.constantFrom<InvoiceAfterChange>('nextCycle', 'endOfActiveMonth', 'endOfNextMonth'),
      minimumInvoice: fc.constantFrom(0, 0, 10_00, 100_00),
    }),
    balanceBefore: fc.integer({ min: -500_00, max: 500_00 }),
    ignoreBalance: fc.boolean(),
  })
  .map((r): ChangePlanInput => {
    const old = service({
      start: r.start,
      unitPrice: r.price,
      quantity: r.quantity,
      payPeriodMonths: r.payPeriodMonths,
      discount: r.discountBp === null ? null : { kind: 'percent', percentBp: r.discountBp, from: addDays(r.start, 10) },
    });
    // Invoiced at the start, then possibly a catch-up later: several lines of several periods.
    const first = invoicedOld(old, r.start, r.billingDay);
    const later = invoicedOld({ ...old, invoicedUntil: first.invoicedUntil }, addDays(r.start, r.extraDays), r.billingDay);
    const lines = [...first.lines, ...later.lines];
    const invoicedUntil = later.invoicedUntil ?? first.invoicedUntil!;
    const span = daysInclusive(r.start, invoicedUntil); // ≥ 1
    const today = addDays(r.start, r.todayOffset % span);
    const newStart = addDays(today, r.startOffset % daysInclusive(today, invoicedUntil));
    return {
      today,
      newStart,
      billingDay: r.billingDay,
      settings: { refund: 'unused', ...r.settings },
      old: { status: 'active', planName: 'Old', description: 'Old', start: r.start, end: null, invoicedUntil, unitPrice: r.price, quantity: r.quantity, payPeriodMonths: r.payPeriodMonths, discount: old.discount, invoicedLines: lines },
      next: { planName: 'New', description: 'New', unitPrice: r.next.price, quantity: r.next.quantity, payPeriodMonths: r.next.payPeriodMonths, vatRateBp: r.next.vatRateBp, vatIncluded: r.next.vatIncluded },
      balanceBefore: r.balanceBefore,
      ignoreBalance: r.ignoreBalance,
    };
  });

describe('change plan properties', () => {
  test('refund + used part = the invoiced amount of each line, and the used part is its own proration within a cent', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const q = quoteChangePlan({ ...input, ignoreBalance: false });
        if (!q.ok) throw new Error(q.message);
        for (const r of q.refundLines) {
          const line = input.old.invoicedLines.find((l) => l.from === r.lineFrom && l.to === r.lineTo)!;
          expect(r.amount + r.used).toBe(line.amount);
          expect(r.amount).toBeGreaterThanOrEqual(0);
          expect(r.used).toBeGreaterThanOrEqual(0);
          if (r.wholeLine) {
            expect(r.used).toBe(0);
          } else {
            const exactUsed = prorateFromPeriodPrice({ periodFrom: line.periodFrom, periodTo: line.periodTo, from: line.from, to: addDays(r.from, -1), periodPrice: line.periodPrice, discount: line.discount });
            expect(Math.abs(r.used - exactUsed.amount)).toBeLessThanOrEqual(1);
          }
        }
        // Every unused invoiced day is refunded once: the refunded days are exactly [newStart, invoicedUntil].
        const refundedDays = q.refundLines.reduce((s, r) => s + r.days, 0);
        expect(refundedDays).toBe(daysInclusive(input.newStart, input.old.invoicedUntil!));
      }),
      { numRuns: 300 },
    );
  });

  test('net effect = refund − fee − charge posted now = refund − invoice total; balance after = before + net', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const q = quoteChangePlan(input);
        if (!q.ok) throw new Error(q.message);
        const lines = q.invoice?.lines ?? [];
        const feeNow = lines.filter((l) => l.kind === 'fee').reduce((s, l) => s + l.total, 0);
        const chargeNow = lines.filter((l) => l.kind === 'charge').reduce((s, l) => s + l.total, 0);
        expect(q.net).toBe(q.refundTotal - feeNow - chargeNow);
        expect(changeNetEffect(q)).toBe(q.refundTotal - (q.invoice?.total ?? 0));
        expect(q.balanceAfter).toBe(q.balanceBefore + q.net);
        expect(chargeNow).toBe(q.newCharge?.total ?? 0);
        expect(q.refundTotal).toBe(q.refundLines.reduce((s, r) => s + r.amount, 0));
        // The invoice exists only at or above the minimum; otherwise the same total is deferred.
        if (q.invoice) expect(q.invoice.total).toBeGreaterThanOrEqual(input.settings.minimumInvoice);
        if (q.deferredToNextInvoice) expect(q.deferredToNextInvoice.total).toBeLessThan(input.settings.minimumInvoice);
        expect(q.documents.invoice).toBe(q.invoice !== null);
        if (q.invoice) expect(q.invoice.paidFromBalance).toBeLessThanOrEqual(q.invoice.total);
        if (input.ignoreBalance) expect([q.refundTotal, q.invoice, q.deferredToNextInvoice]).toEqual([0, null, null]);
        // The new service is invoiced exactly to the charge's end, or stays un-invoiced (ignore balance aside).
        if (!input.ignoreBalance) expect(q.newService.invoicedUntil).toBe(q.newCharge?.to ?? null);
        // Old service: ends the day before the new start (or archived on its start), keeps at most that much invoiced.
        if (q.sameDay) expect(q.oldService).toMatchObject({ end: input.old.start, invoicedUntil: null, statusFromStart: 'archived' });
        else {
          expect(q.oldService.end).toBe(addDays(input.newStart, -1));
          expect(compareDates(q.oldService.invoicedUntil!, q.oldService.end)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
