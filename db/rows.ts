import type * as s from './schema';

// Row types of the main tables, as drizzle reads them (Row) and as an insert takes them (New…).

export type PartnerRow = typeof s.partners.$inferSelect;
export type PlanRow = typeof s.plans.$inferSelect;
export type NewPlan = typeof s.plans.$inferInsert;
export type CustomerRow = typeof s.customers.$inferSelect;
export type NewCustomer = typeof s.customers.$inferInsert;
export type ServiceRow = typeof s.services.$inferSelect;
export type NewService = typeof s.services.$inferInsert;
export type RouterRow = typeof s.routers.$inferSelect;
export type Ipv4NetworkRow = typeof s.ipv4Networks.$inferSelect;
export type Ipv4PoolRow = typeof s.ipv4Pools.$inferSelect;
export type InvoiceRow = typeof s.invoices.$inferSelect;
export type NewInvoice = typeof s.invoices.$inferInsert;
export type InvoiceLineRow = typeof s.invoiceLines.$inferSelect;
export type NewInvoiceLine = typeof s.invoiceLines.$inferInsert;
export type CreditNoteRow = typeof s.creditNotes.$inferSelect;
export type NewCreditNote = typeof s.creditNotes.$inferInsert;
export type CreditNoteLineRow = typeof s.creditNoteLines.$inferSelect;
export type NewCreditNoteLine = typeof s.creditNoteLines.$inferInsert;
export type PaymentRow = typeof s.payments.$inferSelect;
export type BalanceTransactionRow = typeof s.balanceTransactions.$inferSelect;
export type NewBalanceTransaction = typeof s.balanceTransactions.$inferInsert;
export type PendingChargeRow = typeof s.pendingCharges.$inferSelect;
export type NewPendingCharge = typeof s.pendingCharges.$inferInsert;
export type TicketRow = typeof s.tickets.$inferSelect;
export type TicketMessageRow = typeof s.ticketMessages.$inferSelect;
export type ScheduledStatusChangeRow = typeof s.scheduledStatusChanges.$inferSelect;
export type PlanChangeRow = typeof s.planChanges.$inferSelect;
export type NewPlanChange = typeof s.planChanges.$inferInsert;
export type BulkBatchRow = typeof s.bulkBatches.$inferSelect;
export type BulkBatchItemRow = typeof s.bulkBatchItems.$inferSelect;
export type ServiceUsageRow = typeof s.serviceUsage.$inferSelect;
export type StaffUserRow = typeof s.staffUsers.$inferSelect;
export type AuditLogRow = typeof s.auditLog.$inferSelect;
export type NewAuditLog = typeof s.auditLog.$inferInsert;
