import { z } from 'zod';
import type { InvoiceStatus } from './billing';
import type { CustomerStatus } from './common';
import { channel } from './channel';

// Global search (the header's spotlight, Ctrl+K / "/"): customers by name, login (portal or service), IP, phone,
// e-mail or id; invoices by number. A few rows of each kind: it is a jump to a record, not a list.

export interface SearchCustomerHit {
  id: number;
  name: string;
  status: CustomerStatus;
  /** what the term matched, in words staff read ("login alice-pppoe", "IP 10.0.0.7", "phone +371…") */
  matched: string;
}

export interface SearchInvoiceHit {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  date: string;
  total: number;
  status: InvoiceStatus;
}

export interface SearchResult {
  customers: SearchCustomerHit[];
  invoices: SearchInvoiceHit[];
}

export const searchChannels = {
  'search.global': channel<SearchResult>()(
    z
      .object({
        term: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
        limit: z.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20').default(8),
      })
      .strict(),
    { readOnly: true },
  ),
};
