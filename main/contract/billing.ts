import { z } from 'zod';
import { channel } from './channel';
import { id, isoDate, pageInput, positiveCents, requiredText, shortText, type Language, type Page } from './common';

export type InvoiceStatus = 'unpaid' | 'partiallyPaid' | 'paid' | 'overdue' | 'cancelled';
export type InvoiceKind = 'recurring' | 'oneTime' | 'changePlan' | 'cancellation';

export interface InvoiceLineRow {
  id: number;
  serviceId: number | null;
  kind: string;
  description: string;
  from: string | null;
  to: string | null;
  days: number | null;
  divisor: number | null;
  quantity: number;
  amount: number;
  net: number;
  vat: number;
  vatRateBp: number;
  total: number;
}

export interface InvoiceRow {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  /** the customer's language: the document is shown in it */
  customerLanguage: Language;
  kind: InvoiceKind;
  date: string;
  dueDate: string;
  net: number;
  vat: number;
  total: number;
  paid: number;
  /** as shown today: overdue is derived from the due date */
  status: InvoiceStatus;
  planChangeId: number | null;
  lines: InvoiceLineRow[];
}

export interface CreditNoteRow {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  /** the customer's language: the document is shown in it */
  customerLanguage: Language;
  date: string;
  total: number;
  reason: string;
  planChangeId: number | null;
  lines: { description: string; from: string | null; to: string | null; days: number | null; divisor: number | null; amount: number }[];
}

export interface PaymentRow {
  id: number;
  customerId: number;
  customerName: string;
  date: string;
  amount: number;
  method: string;
  reference: string;
  note: string;
}

export interface LedgerRow {
  id: number;
  date: string;
  kind: 'debit' | 'credit';
  category: string;
  description: string;
  amount: number;
  /** balance after this transaction */
  balance: number;
  invoiceId: number | null;
  creditNoteId: number | null;
  paymentId: number | null;
}

export interface CustomerBilling {
  balance: number;
  invoices: InvoiceRow[];
  creditNotes: CreditNoteRow[];
  payments: PaymentRow[];
  ledger: LedgerRow[];
  pendingCharges: { id: number; description: string; amount: number; createdOn: string }[];
}

/** What the customer page's Billing tab shows before any list: the lists themselves are paged by the server. */
export interface CustomerBillingSummary {
  balance: number;
  counts: { invoices: number; creditNotes: number; payments: number; ledger: number };
  pendingCharges: CustomerBilling['pendingCharges'];
}

export const paymentMethod = z.enum(['cash', 'bankTransfer', 'creditCard', 'refillCard', 'other']);

const financeFilters = pageInput.extend({
  customerId: id.nullable().default(null),
  from: isoDate.nullable().default(null),
  to: isoDate.nullable().default(null),
  search: shortText(100).default(''),
});
/** Invoices by status as staff see it (overdue: unpaid past its due date). */
const invoiceStatusFilter = z.enum(['unpaid', 'partiallyPaid', 'paid', 'overdue', 'cancelled']).nullable().default(null);

export const billingChannels = {
  /** The customer's whole money history at once (scenario checks, the CLI); screens use the summary and pages below. */
  'billing.forCustomer': channel<CustomerBilling>()(z.object({ customerId: id }), { readOnly: true }),
  'billing.customerSummary': channel<CustomerBillingSummary>()(z.object({ customerId: id }), { readOnly: true }),
  /** The customer's ledger newest first, each row with the balance after it. */
  'billing.customerLedger': channel<Page<LedgerRow>>()(pageInput.extend({ customerId: id }), { readOnly: true }),
  'billing.invoice': channel<InvoiceRow>()(z.object({ id }), { readOnly: true }),
  'billing.addPayment': channel<PaymentRow & { balance: number }>()(
    z.object({
      customerId: id,
      amount: positiveCents,
      /** null ⇒ today; a payment cannot be dated in the future */
      date: isoDate.nullable().default(null),
      method: paymentMethod.default('cash'),
      reference: shortText(100).default(''),
      note: shortText(500).default(''),
    }),
  ),
  'billing.oneTimeInvoice': channel<InvoiceRow>()(
    z.object({
      customerId: id,
      lines: z
        .array(
          z.object({
            description: requiredText(200),
            amount: positiveCents,
            vatRateBp: z.number().int().min(0).max(10000).default(0),
            vatIncluded: z.boolean().default(true),
          }),
        )
        .min(1, 'needs at least one line')
        .max(100),
    }),
  ),
  'finance.invoices': channel<Page<InvoiceRow> & { totals: { total: number; paid: number } }>()(
    financeFilters.extend({ status: invoiceStatusFilter }),
    { readOnly: true },
  ),
  'finance.payments': channel<Page<PaymentRow> & { totals: { amount: number } }>()(financeFilters, { readOnly: true }),
  'finance.creditNotes': channel<Page<CreditNoteRow> & { totals: { total: number } }>()(financeFilters, { readOnly: true }),
  /** the same filters as the lists (the status filter: invoices only); returns the CSV text (all matching rows, not one page) */
  'finance.exportCsv': channel<{ filename: string; csv: string }>()(
    financeFilters.extend({ what: z.enum(['invoices', 'payments', 'creditNotes']), status: invoiceStatusFilter }),
    { readOnly: true },
  ),
};
