import type { BillingTerms } from '../../db/settings';
import { effectiveBillingDay } from '../engine';

/** Decision 2: the customer's billing day, or the creation day clamped to 28 with "use the customer creation date". */
export function effectiveBillingDayOf(customer: { createdOn: string }, terms: BillingTerms): number {
  return effectiveBillingDay({ billingDay: terms.billingDay, useCreationDate: terms.useCreationDate, createdOn: customer.createdOn });
}
