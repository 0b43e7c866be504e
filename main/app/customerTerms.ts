import { customerBillingTerms, resolveSettings, type BillingTerms } from '../../db/settings';
import { notFound } from '../contract/errors';
import type { AppContext } from './context';
import { all, one } from './sql';

// The customer's billing columns and the terms that apply to them (own value, else partner, else Default).

export interface CustomerBillingRow {
  id: number;
  partnerId: number;
  status: string;
  balance: number;
  createdOn: string;
  billingDay: number | null;
  useCreationDate: number | null;
  paymentDueDays: number | null;
  blockingDays: number | null;
  deactivationDays: number | null;
  minimumBalance: number | null;
}

/** The customers columns of a CustomerBillingRow (the billing day's prefetch reads them with more beside). */
export const BILLING_COLUMNS = `id, partner_id AS partnerId, status, balance, created_on AS createdOn, billing_day AS billingDay,
            use_creation_date AS useCreationDate, payment_due_days AS paymentDueDays, blocking_days AS blockingDays,
            deactivation_days AS deactivationDays, minimum_balance AS minimumBalance`;
const BILLING_ROW = `SELECT ${BILLING_COLUMNS} FROM customers`;

export function customerBillingRow(ctx: AppContext, customerId: number): CustomerBillingRow {
  const row = one<CustomerBillingRow>(ctx.db, `${BILLING_ROW} WHERE id = ?`, customerId);
  if (!row) throw notFound('Customer', customerId, 'customerId');
  return row;
}

/** The billing rows of many customers in one statement (those that exist, in no particular order). */
export function customerBillingRows(ctx: AppContext, customerIds: readonly number[]): CustomerBillingRow[] {
  return all<CustomerBillingRow>(ctx.db, `${BILLING_ROW} WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify(customerIds));
}

/** The billing terms that apply to a customer: its own columns, else its partner's settings, else Default's. */
export function termsOf(ctx: AppContext, c: CustomerBillingRow, settings = resolveSettings(ctx.db, c.partnerId)): BillingTerms {
  return customerBillingTerms(
    {
      billingDay: c.billingDay,
      useCreationDate: c.useCreationDate === null ? null : Boolean(c.useCreationDate),
      paymentDueDays: c.paymentDueDays,
      blockingDays: c.blockingDays,
      deactivationDays: c.deactivationDays,
      minimumBalance: c.minimumBalance,
    },
    settings,
  );
}

