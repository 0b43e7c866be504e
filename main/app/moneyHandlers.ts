import type { Handlers } from './handlers';
import { addPayment, customerBilling, customerBillingSummary, customerLedgerPage, invoice, oneTimeInvoice } from './billing';
import * as changePlan from './changePlan';
import { advance, businessClock, runUntil } from './days';
import { exportCsv, listCreditNotes, listInvoices, listPayments } from './finance';

// Handlers of the areas that move money or time: billing, finance lists, change plan and the business clock.

export const billingHandlers: Handlers<
  | 'billing.forCustomer'
  | 'billing.customerSummary'
  | 'billing.customerLedger'
  | 'billing.invoice' | 'billing.addPayment' | 'billing.oneTimeInvoice' | 'finance.invoices' | 'finance.payments' | 'finance.creditNotes' | 'finance.exportCsv'
> = {
  'billing.forCustomer': (ctx, i) => customerBilling(ctx, i.customerId),
  'billing.customerSummary': (ctx, i) => customerBillingSummary(ctx, i.customerId),
  'billing.customerLedger': (ctx, i) => customerLedgerPage(ctx, i.customerId, i.page, i.pageSize),
  'billing.invoice': (ctx, i) => invoice(ctx, i.id),
  'billing.addPayment': (ctx, i) => addPayment(ctx, i),
  'billing.oneTimeInvoice': (ctx, i) => oneTimeInvoice(ctx, i),
  'finance.invoices': (ctx, i) => listInvoices(ctx, i),
  'finance.payments': (ctx, i) => listPayments(ctx, i),
  'finance.creditNotes': (ctx, i) => listCreditNotes(ctx, i),
  'finance.exportCsv': (ctx, i) => exportCsv(ctx, i),
};

export const changePlanHandlers: Handlers<'changePlan.options' | 'changePlan.quote' | 'changePlan.apply' | 'changePlan.cancel' | 'changePlan.list' | 'changePlan.get'> = {
  'changePlan.options': (ctx, i) => changePlan.options(ctx, i.serviceId),
  'changePlan.quote': (ctx, i) => changePlan.quote(ctx, i),
  'changePlan.apply': (ctx, i) => changePlan.apply(ctx, { ...i, source: 'admin' }),
  'changePlan.cancel': (ctx, i) => changePlan.cancel(ctx, i.planChangeId),
  'changePlan.list': (ctx, i) => changePlan.listPlanChanges(ctx, i),
  'changePlan.get': (ctx, i) => changePlan.getPlanChange(ctx, i.id),
};

export const dayHandlers: Handlers<'days.status' | 'days.runUntil' | 'days.advance'> = {
  'days.status': (ctx) => businessClock(ctx),
  'days.runUntil': (ctx, i) => runUntil(ctx, i.until),
  'days.advance': (ctx, i) => advance(ctx, i),
};
