import { z } from 'zod';
import { channel } from './channel';
import { cents, customerStatus, id, isoDate, language, pageInput, requiredText, shortText, updateOf, type CustomerStatus, type Language, type Page } from './common';

/** 'never' disables blocking (and so deactivation) or deactivation alone. */
export const daysOrNever = z.union([z.number().int().min(0).max(99), z.literal('never')]);

export const customerBillingInput = z.object({
  /** null: use the partner's setting */
  billingDay: z.number().int().min(1).max(28).nullable().default(null),
  useCreationDate: z.boolean().nullable().default(null),
  paymentDueDays: z.number().int().min(1).max(28).nullable().default(null),
  blockingDays: daysOrNever.nullable().default(null),
  deactivationDays: z.union([z.number().int().min(1).max(99), z.literal('never')]).nullable().default(null),
  minimumBalance: cents.nullable().default(null),
});

const email = z.union([z.literal(''), z.string().trim().max(200).email('must be an e-mail address')]);
const phone = shortText(40).regex(/^[0-9+()\-\s./]*$/, 'may hold digits, spaces and + ( ) - . / only');

export const customerFields = z.object({
  name: requiredText(200),
  partnerId: id.default(1),
  status: customerStatus.default('new'),
  category: z.enum(['person', 'company']).default('person'),
  email: email.default(''),
  phone: phone.default(''),
  address: shortText(500).default(''),
  notes: shortText(2000).default(''),
  portalLogin: shortText(64).regex(/^[A-Za-z0-9._@-]*$/, 'may hold letters, digits and . _ @ - only').default(''),
  /** plain text only on the way in; stored as a scrypt hash. Empty on update = keep the current one. */
  portalPassword: shortText(128).default(''),
  /** documents and portal; absent on create: the partner's display.language */
  language: language.optional(),
  billing: customerBillingInput.default({
    billingDay: null,
    useCreationDate: null,
    paymentDueDays: null,
    blockingDays: null,
    deactivationDays: null,
    minimumBalance: null,
  }),
});

export const customerSortColumn = z.enum(['id', 'name', 'status', 'balance', 'partner', 'createdOn']);

export interface CustomerRow {
  id: number;
  name: string;
  status: CustomerStatus;
  partnerId: number;
  partnerName: string;
  email: string;
  phone: string;
  portalLogin: string;
  balance: number;
  createdOn: string;
  /** a service of the customer has an open RADIUS session (main/app/accounting) */
  online: boolean;
}

export interface EffectiveBilling {
  billingDay: number;
  useCreationDate: boolean;
  paymentDueDays: number;
  blockingDays: number | 'never';
  deactivationDays: number | 'never';
  minimumBalance: number;
}

export interface DunningTimeline {
  nextInvoiceDate: string;
  /** the oldest unpaid blocking-type invoice, if any */
  unpaidInvoiceId: number | null;
  dueDate: string | null;
  blockingDate: string | null;
  deactivationDate: string | null;
}

export interface CustomerDetail {
  id: number;
  name: string;
  status: CustomerStatus;
  partnerId: number;
  partnerName: string;
  category: 'person' | 'company';
  email: string;
  phone: string;
  address: string;
  notes: string;
  portalLogin: string;
  hasPortalPassword: boolean;
  /** the language of the customer's documents and portal */
  language: Language;
  createdOn: string;
  balance: number;
  /** what is stored on the customer (null = partner setting) */
  billing: z.output<typeof customerBillingInput>;
  /** what applies, after the partner / Default fallback */
  effectiveBilling: EffectiveBilling;
  dunning: DunningTimeline;
  counts: { services: number; unpaidInvoices: number; openTickets: number };
}

export interface AuditEntry {
  id: number;
  at: string;
  businessDate: string;
  actor: string;
  entity: string;
  entityId: number | null;
  action: string;
  before: unknown;
  after: unknown;
}

export const customerChannels = {
  'customers.list': channel<Page<CustomerRow>>()(
    pageInput.extend({
      search: shortText(100).default(''),
      status: customerStatus.nullable().default(null),
      partnerId: id.nullable().default(null),
      sortBy: customerSortColumn.default('id'),
      sortDir: z.enum(['asc', 'desc']).default('asc'),
    }).strict(),
    { readOnly: true },
  ),
  'customers.get': channel<CustomerDetail>()(z.object({ id }).strict(), { readOnly: true }),
  'customers.create': channel<CustomerDetail>()(customerFields.extend({ createdOn: isoDate.optional() }).strict()),
  /** a missing field keeps its stored value (billing, when given, is replaced whole) */
  'customers.update': channel<CustomerDetail>()(updateOf(customerFields).extend({ id }).strict()),
  'customers.auditLog': channel<Page<AuditEntry>>()(pageInput.extend({ customerId: id }).strict(), { readOnly: true }),
};
