// The closed value sets of the domain, in one place. The schema turns each into a SQL CHECK, and the rest
// of the application can import them (they are plain constants, no database code).

/** The languages the UI and the documents are written in (renderer/src/i18n); the first is the built-in default. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PLAN_KINDS = ['internet', 'voice', 'custom'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
/** Services are of the same kinds as the plans they are on. */
export const SERVICE_KINDS = PLAN_KINDS;
export type ServiceKind = PlanKind;

export const VOICE_TYPES = ['voip', 'fix', 'mobile'] as const;
export type VoiceType = (typeof VOICE_TYPES)[number];

export const CUSTOMER_STATUSES = ['new', 'active', 'blocked', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_CATEGORIES = ['person', 'company'] as const;
export type CustomerCategory = (typeof CUSTOMER_CATEGORIES)[number];

export const SERVICE_STATUSES = ['active', 'disabled', 'stopped', 'pending', 'archived'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Months billed at once. */
export const PAY_PERIODS = [1, 3, 6, 12] as const;
export type PayPeriod = (typeof PAY_PERIODS)[number];

export const DISCOUNT_KINDS = ['none', 'percent', 'fixed'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

export const IPV4_METHODS = ['none', 'permanent', 'dynamic'] as const;
export type Ipv4Method = (typeof IPV4_METHODS)[number];

/** Router (NAS) makes the generated RADIUS configuration knows. */
export const ROUTER_TYPES = ['mikrotik'] as const;
export type RouterType = (typeof ROUTER_TYPES)[number];
/** How a router authorises logins: PPP (PPPoE) through RADIUS, Hotspot through RADIUS, or not at all. */
export const ROUTER_AUTH_METHODS = ['pppRadius', 'hotspotRadius', 'none'] as const;
export type RouterAuthMethod = (typeof ROUTER_AUTH_METHODS)[number];
/**
 * A Disconnect-Request's state: `pending` (to send, or sent and waiting for an answer), `acked` / `nakked` (the
 * router answered), `noRouter` (the login's service has no router with a NAS IP to send to), `training` (a demo
 * database: recorded, never sent).
 */
export const NETWORK_EVENT_STATUSES = ['pending', 'acked', 'nakked', 'noRouter', 'training'] as const;
export type NetworkEventStatus = (typeof NETWORK_EVENT_STATUSES)[number];

/** An IPv4 network in the IP manager serves one assignment method. */
export const IPV4_NETWORK_KINDS = ['permanent', 'dynamic'] as const;
export type Ipv4NetworkKind = (typeof IPV4_NETWORK_KINDS)[number];

/**
 * Invoice kinds: `recurring` (billing day; the only kind that blocks unless billing.blockOnOneTimeInvoices),
 * `one_time` (manual), `change_plan` (charge and fee posted by a plan change), `cancellation` (mirror of a
 * credit note when a plan change is cancelled).
 */
export const INVOICE_KINDS = ['recurring', 'one_time', 'change_plan', 'cancellation'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** Stored invoice status, kept in step with `paid` (see invoiceStatusFor). "Overdue" is derived, never stored. */
export const INVOICE_STATUSES = ['unpaid', 'partiallyPaid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * Invoice line kinds: `recurring` (a service's billing period, billing day), `charge` (a service's period
 * invoiced by a plan change), `fee` (change-plan fee, no VAT), `one_time`, `cancellation` (mirror line).
 */
export const INVOICE_LINE_KINDS = ['recurring', 'charge', 'fee', 'one_time', 'cancellation'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

/** `refund` (unused days of a plan change), `cancellation` (mirror of an invoice), `correction` (manual). */
export const CREDIT_NOTE_KINDS = ['refund', 'cancellation', 'correction'] as const;
export type CreditNoteKind = (typeof CREDIT_NOTE_KINDS)[number];

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'credit_card', 'refill_card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const TRANSACTION_KINDS = ['debit', 'credit'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const TRANSACTION_CATEGORIES = ['service', 'fee', 'discount', 'payment', 'refund', 'correction'] as const;
export type TransactionCategory = (typeof TRANSACTION_CATEGORIES)[number];

/** What a deferred ("future item") charge is. */
export const PENDING_CHARGE_KINDS = ['charge', 'fee', 'one_time'] as const;
export type PendingChargeKind = (typeof PENDING_CHARGE_KINDS)[number];

export const TICKET_STATUSES = ['new', 'work_in_progress', 'resolved', 'waiting_on_customer', 'waiting_on_agent'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_TYPES = ['question', 'incident', 'problem', 'feature_request', 'lead'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_SOURCES = ['admin', 'portal'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const MESSAGE_AUTHOR_KINDS = ['staff', 'customer', 'system'] as const;
export type MessageAuthorKind = (typeof MESSAGE_AUTHOR_KINDS)[number];

export const PLAN_CHANGE_STATUSES = ['applied', 'cancelled'] as const;
export type PlanChangeStatus = (typeof PLAN_CHANGE_STATUSES)[number];

export const PLAN_CHANGE_SOURCES = ['admin', 'portal', 'bulk'] as const;
export type PlanChangeSource = (typeof PLAN_CHANGE_SOURCES)[number];

/**
 * Bulk batch: `preview` (items quoted, nothing changed), `applying` (apply started; resumable), `applied` (every
 * item tried), `failed` (kept for old files), `undone` (the batch was undone before its start date).
 */
export const BULK_BATCH_STATUSES = ['preview', 'applying', 'applied', 'failed', 'undone'] as const;
export type BulkBatchStatus = (typeof BULK_BATCH_STATUSES)[number];

/**
 * Bulk item: `pending` (to apply), `excluded` (left out by staff in the preview), `skipped` (cannot change: the
 * reason is in `message`), `success` / `failed` (apply result), then on undo: `undone` (its change cancelled),
 * `changedByHand` (staff or the system changed it since: reported, not touched), `undoFailed` (e.g. billed since).
 */
export const BULK_ITEM_STATUSES = ['pending', 'excluded', 'skipped', 'success', 'failed', 'undone', 'changedByHand', 'undoFailed'] as const;
export type BulkItemStatus = (typeof BULK_ITEM_STATUSES)[number];

export const STAFF_ROLES = ['administrator', 'finance', 'support'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Blocking / deactivation periods accept a number of days or "never". Customer columns store "never" as
 * NEVER_DAYS (-1); NULL there means "use the partner's setting". Settings rows keep the JSON string "never".
 */
export const NEVER_DAYS = -1;
export type DaysOrNever = number | 'never';
export const daysToColumn = (v: DaysOrNever): number => (v === 'never' ? NEVER_DAYS : v);
export const daysFromColumn = (v: number): DaysOrNever => (v === NEVER_DAYS ? 'never' : v);

/** How a RADIUS accounting session ended: the router's Stop, or closed by us after missed interims. */
export const SESSION_CLOSINGS = ['stop', 'stale'] as const;
export type SessionClosing = (typeof SESSION_CLOSINGS)[number];
