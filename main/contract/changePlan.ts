import { z } from 'zod';
import { channel } from './channel';
import { id, isoDate, nonNegativeCents, pageInput, shortText, type Page } from './common';

export const changePlanInput = z.object({
  serviceId: id,
  planId: id,
  start: isoDate,
  /** null ⇒ the new plan's description (or its name) */
  description: shortText(200).nullable().default(null),
  /** null ⇒ the new plan's price */
  unitPrice: nonNegativeCents.nullable().default(null),
});

/** One explained line of a quote: what, over which days, on which divisor, how much, and a sentence saying so. */
export interface QuoteLine {
  kind: 'refund' | 'fee' | 'charge';
  description: string;
  from: string | null;
  to: string | null;
  days: number | null;
  divisor: number | null;
  /** the full-period price the proration starts from */
  basePrice: number | null;
  amount: number;
  net: number;
  vat: number;
  sentence: string;
}

export interface ChangePlanQuoteView {
  ok: true;
  fingerprint: string;
  today: string;
  service: { id: number; planName: string; description: string; unitPrice: number; start: string; invoicedUntil: string | null };
  newPlan: { id: number; name: string; description: string; unitPrice: number };
  start: string;
  sameDay: boolean;
  usedDays: number | null;
  unusedDays: number | null;
  divisor: number | null;
  refundLines: QuoteLine[];
  fee: QuoteLine | null;
  charge: QuoteLine | null;
  refundTotal: number;
  invoiceTotal: number;
  /** charges below the minimum invoice amount wait for the next regular invoice */
  deferred: QuoteLine[];
  documents: { creditNote: boolean; invoice: boolean };
  balanceBefore: number;
  balanceAfter: number;
  oldService: { end: string; statusFromStart: 'disabled' | 'archived' };
  newService: { start: string; status: 'pending' | 'active'; invoicedUntil: string | null };
  /** the settings that produced the numbers, and the partner they came from */
  settings: { partnerId: number; partnerName: string; values: Record<string, unknown>; origins: Record<string, string> };
  notes: string[];
}

export interface ChangePlanRefusalView {
  ok: false;
  code: string;
  field: string;
  message: string;
  earliestStart?: string;
  pendingPlanChangeId?: number;
}

export interface PlanChangeRow {
  id: number;
  customerId: number;
  customerName: string;
  oldServiceId: number;
  newServiceId: number;
  oldPlanName: string;
  newPlanName: string;
  madeOn: string;
  start: string;
  status: 'applied' | 'cancelled';
  source: 'admin' | 'portal' | 'bulk';
  refundTotal: number;
  invoiceTotal: number;
  feeTotal: number;
  creditNoteId: number | null;
  invoiceId: number | null;
}

export interface ChangePlanOptions {
  serviceId: number;
  currentPlan: { id: number; name: string; price: number };
  /** same kind, enabled, available to the customer's partner, not the current plan */
  plans: { id: number; name: string; price: number; description: string }[];
  pendingChange: PlanChangeRow | null;
  earliestStart: string;
}

export const changePlanChannels = {
  'changePlan.options': channel<ChangePlanOptions>()(z.object({ serviceId: id }), { readOnly: true }),
  /** the live breakdown: a refusal is a normal answer here (ok:false inside data), so the dialog can show it in place */
  'changePlan.quote': channel<ChangePlanQuoteView | ChangePlanRefusalView>()(changePlanInput, { readOnly: true }),
  /** re-quotes; refuses with STALE_QUOTE when the fingerprint differs, else posts everything in one transaction */
  'changePlan.apply': channel<PlanChangeRow>()(changePlanInput.extend({ fingerprint: z.string().min(1).max(200) })),
  /** decision 8: reverses every posting of a pending change with mirror documents, atomically */
  'changePlan.cancel': channel<PlanChangeRow>()(z.object({ planChangeId: id })),
  'changePlan.list': channel<Page<PlanChangeRow>>()(
    pageInput.extend({ status: z.enum(['pending', 'applied', 'cancelled', 'all']).default('pending'), customerId: id.nullable().default(null) }),
    { readOnly: true },
  ),
  'changePlan.get': channel<PlanChangeRow>()(z.object({ id }), { readOnly: true }),
};
