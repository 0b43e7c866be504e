import { z } from 'zod';
import { channel } from './channel';
import { id, isoDate, pageInput, requiredText, shortText, updateOf, type CustomerStatus, type Page, type DisplaySettings, type Language, type ServiceStatus } from './common';
import type { ChangePlanQuoteView, ChangePlanRefusalView } from './changePlan';
import type { CreditNoteRow, InvoiceRow } from './billing';
import { customerFields } from './customers';
import { usageInput, type UsagePoint } from './services';
import { ticketPriority, ticketType, type PlanChangeRequestView, type TicketMessage, type TicketPriority, type TicketStatus, type TicketType } from './tickets';

// The customer portal ("Login as customer", splynx-rules §8, decision 14). A portal session is bound to ONE
// customer in the application layer: every `access: 'portal'` channel takes the customer from the session, never
// from its input, and any service / invoice / ticket id in the input must belong to that customer (else NOT_FOUND).

/** The service columns a partner may show per kind (db/settings.ts PORTAL_COLUMNS). */
export type PortalColumn = 'id' | 'description' | 'plan' | 'price' | 'startDate' | 'invoicedUntil' | 'login' | 'ipv4' | 'phone' | 'status';
export const PORTAL_COLUMN_LABELS = {
  id: 'ID',
  description: 'Description',
  plan: 'Plan',
  price: 'Price',
  startDate: 'Start date',
  invoicedUntil: 'Invoiced until',
  login: 'Service login',
  ipv4: 'IPv4 address',
  phone: 'Phone',
  status: 'Status',
} as const satisfies Record<PortalColumn, string>;

/** The profile fields a partner may let the customer change (db/settings.ts PORTAL_PROFILE_FIELDS). */
export type PortalProfileField = 'email' | 'phone' | 'address';
export const PORTAL_PROFILE_FIELD_LABELS = {
  email: 'E-mail',
  phone: 'Phone',
  address: 'Address',
} as const satisfies Record<PortalProfileField, string>;

export interface PortalMenu {
  dashboard: true;
  services: boolean;
  finance: boolean;
  tickets: boolean;
  statistics: boolean;
  profile: boolean;
}

export interface PortalOpenResult {
  /** the session token (browser mode sends it as X-Portal-Session); '' under Electron, where main binds the window */
  token: string;
  customerId: number;
  customerName: string;
  /** the renderer route of the portal for this session, e.g. `#/portal?portal=<token>` (browser mode opens it in a new tab) */
  hash: string;
  /** set by the Electron host when it has opened the portal window itself (then the renderer does nothing more) */
  windowOpened?: boolean;
}

/** An Internet service the Statistics page can show (whatever the Services page's columns are). */
export interface PortalUsageService {
  id: number;
  /** the service's description, else its plan's name */
  label: string;
  status: ServiceStatus;
}

export interface PortalSession {
  customerId: number;
  customerName: string;
  customerLogin: string;
  partnerName: string;
  /** the staff member who used "Login as customer" */
  openedBy: string;
  menu: PortalMenu;
  /** the customer's Internet services (not archived) for the Statistics page; empty when that page is off */
  usageServices: PortalUsageService[];
  businessDate: string;
  /** how money is shown, as in the back office (the partner's display settings, else Default's) */
  display: DisplaySettings;
  /** the customer's language: the portal speaks it */
  language: Language;
}

export interface PortalTicketRow {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  createdOn: string;
  updatedAt: string;
  /** public messages only */
  messageCount: number;
}

export interface PortalTicketDetail extends PortalTicketRow {
  /** public messages only — internal notes are never sent to the portal */
  messages: TicketMessage[];
  planChangeRequest: PlanChangeRequestView | null;
}

export interface PortalPlanTarget {
  id: number;
  name: string;
  description: string;
  /** monthly price of the plan, cents */
  price: number;
}

export interface PortalServiceRow {
  id: number;
  kind: 'internet' | 'voice' | 'custom';
  /** the columns the partner's portal settings allow for this kind, in display order */
  columns: PortalColumn[];
  /** values of exactly those columns (money in cents, dates YYYY-MM-DD) */
  values: Partial<Record<PortalColumn, string | number | null>>;
  /** shows the change-plan icon when either is true (and no change is pending) */
  canRequestChange: boolean;
  canSelfChange: boolean;
  /** the plans this service may change to ("Tariff plans available in customer portal" of its current plan) */
  targets: PortalPlanTarget[];
  earliestStart: string;
  /** a plan change waiting for its start date: the customer sees it, and cannot cancel it */
  pendingChange: { start: string; newPlanName: string } | null;
  /** for the "Total monthly price" banner */
  monthlyPrice: number;
}

export interface PortalServices {
  rows: PortalServiceRow[];
  totalMonthlyPrice: number;
}

export interface PortalPayment {
  id: number;
  date: string;
  amount: number;
  method: string;
  reference: string;
}

/** Portal → Finance: the balance and how many documents each list holds; the lists come a page at a time. */
export interface PortalFinance {
  /** positive = the customer has money with the ISP */
  balance: number;
  counts: { invoices: number; creditNotes: number; payments: number };
}

export interface PortalDashboard {
  balance: number;
  unpaidInvoices: { count: number; total: number; rows: InvoiceRow[] };
  openTickets: { count: number; rows: PortalTicketRow[] };
  activeServices: number;
  pendingChanges: { serviceId: number; start: string; newPlanName: string }[];
}

/** Portal → Profile: the customer's own details and the billing terms that apply to them. */
export interface PortalProfile {
  name: string;
  category: 'person' | 'company';
  portalLogin: string;
  email: string;
  phone: string;
  address: string;
  partnerName: string;
  status: CustomerStatus;
  /** created_on */
  customerSince: string;
  /** the customer's own values, else the partner's settings, else Default's (as billing applies them) */
  billing: {
    /** the day of the month invoices are issued (the creation day, at most 28, with "use the creation date") */
    billingDay: number;
    useCreationDate: boolean;
    paymentDueDays: number;
  };
  /** the fields this customer may change (`portal.profile.editableFields` of the partner, else Default's); [] = view only */
  editableFields: PortalProfileField[];
}

export interface PortalSelfChangeResult {
  planChangeId: number;
  newServiceId: number;
  start: string;
  newPlanName: string;
  refundTotal: number;
  invoiceTotal: number;
  feeTotal: number;
}

const changeRequest = z.object({ serviceId: id, planId: id, start: isoDate });

export const portalChannels = {
  /** staff: "Login as customer" — opens a portal session bound to that customer (audited) */
  'portal.open': channel<PortalOpenResult>()(z.object({ customerId: id })),

  'portal.session': channel<PortalSession>()(z.object({}), { access: 'portal', readOnly: true }),
  /** "Leave": ends this session, so its token (a tab left open, a copied link) reaches nothing any more */
  'portal.signOut': channel<{ ended: boolean }>()(z.object({}), { access: 'portal' }),
  'portal.dashboard': channel<PortalDashboard>()(z.object({}), { access: 'portal', readOnly: true }),
  'portal.services': channel<PortalServices>()(z.object({}), { access: 'portal', readOnly: true }),
  /**
   * The "Change tariff" dialog's figures (Price of change = `fee`, plus the full quote). A business refusal
   * (past start, target not offered, change already pending) is an answer (ok:false); a service that is not the
   * customer's is NOT_FOUND; both modes off for the kind is FORBIDDEN.
   */
  'portal.changeQuote': channel<ChangePlanQuoteView | ChangePlanRefusalView>()(changeRequest, { access: 'portal', readOnly: true }),
  /** "Request tariff plan change": a ticket with the quote attached; nothing else changes */
  'portal.requestChange': channel<PortalTicketDetail>()(
    changeRequest.extend({
      /** null ⇒ "Request tariff change for service: <description>" */
      subject: shortText(200).nullable().default(null),
      message: shortText(10000).default(''),
      priority: ticketPriority.default('low'),
      type: ticketType.default('question'),
    }),
    { access: 'portal' },
  ),
  /** "Apply" in self-change mode: a Pending new service from `start`, posted like an admin change; STALE_QUOTE when the figures moved */
  'portal.selfChange': channel<PortalSelfChangeResult>()(changeRequest.extend({ fingerprint: z.string().min(1).max(200) }), { access: 'portal' }),
  /** Statistics: daily traffic of one of the customer's Internet services (≤ 366 days, `to` ≥ `from`), as staff see it in services.usage */
  'portal.usage': channel<UsagePoint[]>()(usageInput, { access: 'portal', readOnly: true }),
  /** Profile: the customer's own details and billing terms, and which details the customer may change */
  'portal.profile': channel<PortalProfile>()(z.object({}), { access: 'portal', readOnly: true }),
  /**
   * Profile → Edit: a missing field keeps its value; the rules are those of staff customer edits. A field the
   * partner's `portal.profile.editableFields` does not allow is VALIDATION on that field, nothing written.
   */
  'portal.updateProfile': channel<PortalProfile>()(updateOf(customerFields.pick({ email: true, phone: true, address: true })), { access: 'portal' }),
  'portal.finance': channel<PortalFinance>()(z.object({}), { access: 'portal', readOnly: true }),
  // The customer's documents newest first, one page at a time (the staff Billing tab's queries): a page costs the
  // same after five years of invoices as after six months.
  'portal.invoices': channel<Page<InvoiceRow>>()(pageInput, { access: 'portal', readOnly: true }),
  'portal.creditNotes': channel<Page<CreditNoteRow>>()(pageInput, { access: 'portal', readOnly: true }),
  'portal.payments': channel<Page<PortalPayment>>()(pageInput, { access: 'portal', readOnly: true }),
  'portal.invoice': channel<InvoiceRow>()(z.object({ id }), { access: 'portal', readOnly: true }),
  'portal.tickets': channel<PortalTicketRow[]>()(z.object({}), { access: 'portal', readOnly: true }),
  'portal.ticket': channel<PortalTicketDetail>()(z.object({ id }), { access: 'portal', readOnly: true }),
  'portal.createTicket': channel<PortalTicketDetail>()(
    z.object({ subject: requiredText(200), message: requiredText(10000), priority: ticketPriority.default('low'), type: ticketType.default('question') }),
    { access: 'portal' },
  ),
  /** a customer reply; the ticket goes to "Waiting on agent" */
  'portal.replyTicket': channel<PortalTicketDetail>()(z.object({ ticketId: id, body: requiredText(10000) }), { access: 'portal' }),
};
