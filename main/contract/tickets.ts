import { z } from 'zod';
import { channel } from './channel';
import { id, isoDate, pageInput, requiredText, shortText, type Page } from './common';
import type { ChangePlanQuoteView, ChangePlanRefusalView, PlanChangeRow } from './changePlan';

// Support tickets (splynx-rules §13): the staff inbox, the ticket view with messages and internal notes, and the
// approval of a portal "Request tariff plan change" (decision 14) in one click.

/** Ticket statuses as the API names them (stored as new / work_in_progress / … in the database). */
export const ticketStatus = z.enum(['new', 'workInProgress', 'resolved', 'waitingOnCustomer', 'waitingOnAgent']);
export type TicketStatus = z.infer<typeof ticketStatus>;
export const ticketPriority = z.enum(['low', 'medium', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof ticketPriority>;
export const ticketType = z.enum(['question', 'incident', 'problem', 'featureRequest', 'lead']);
export type TicketType = z.infer<typeof ticketType>;

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  workInProgress: 'Work in progress',
  resolved: 'Resolved',
  waitingOnCustomer: 'Waiting on customer',
  waitingOnAgent: 'Waiting on agent',
};
export const TICKET_TYPE_LABELS: Record<TicketType, string> = {
  question: 'Question',
  incident: 'Incident',
  problem: 'Problem',
  featureRequest: 'Feature request',
  lead: 'Lead',
};
export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };

export interface TicketMessage {
  id: number;
  /** "Ava Lindqvist" (customer), a staff name, or "System" */
  author: string;
  authorKind: 'staff' | 'customer' | 'system';
  /** internal notes are never shown in the portal (the portal channels leave them out) */
  internal: boolean;
  body: string;
  /** business date and local time of day, "2022-01-11T14:05:09" (main/app/tickets.ts STAMP_SQL) */
  createdAt: string;
}

/** What happened when staff approved a plan-change request. */
export interface TicketOutcomeApplied {
  result: 'applied';
  /** business date of the approval */
  on: string;
  by: string;
  planChangeId: number;
  newServiceId: number;
  start: string;
  planName: string;
  refundTotal: number;
  invoiceTotal: number;
  feeTotal: number;
  message: string;
}

/** Staff declined the request; `message` is what the customer reads in the portal. */
export interface TicketOutcomeDeclined {
  result: 'declined';
  on: string;
  by: string;
  message: string;
}

export type TicketOutcome = TicketOutcomeApplied | TicketOutcomeDeclined;

/**
 * tickets.checkChange: the request as of today. `current`: the quote the customer saw still holds; `changed`: it can
 * be applied with other figures (`quote`); `refused`: not as requested — `reason` says why in a sentence,
 * `earliestStart` is the earliest start that would be accepted (null when no date helps, e.g. the customer changed
 * the service themselves: `supersededBy`).
 */
export interface PlanChangeRequestCheck {
  state: 'current' | 'changed' | 'refused';
  reason: string | null;
  earliestStart: string | null;
  quote: ChangePlanQuoteView | ChangePlanRefusalView;
  supersededBy: { planChangeId: number; madeOn: string; start: string; newPlanName: string; source: string } | null;
}

/** The plan-change request a portal "Request tariff plan change" attached to its ticket. */
export interface PlanChangeRequestView {
  serviceId: number;
  serviceDescription: string;
  currentPlanName: string;
  planId: number;
  planName: string;
  start: string;
  /** business date of the request */
  requestedOn: string;
  /** the quote the customer was shown when asking (its fingerprint lets staff approve in one click) */
  quote: ChangePlanQuoteView;
  /** null until approved */
  outcome: TicketOutcome | null;
}

export interface TicketRow {
  id: number;
  customerId: number;
  customerName: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  source: 'admin' | 'portal';
  assignedTo: string | null;
  createdBy: string;
  /** business date */
  createdOn: string;
  /** business date and local time of day, "2022-01-11T14:05:09" */
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  /** true when the ticket carries a plan-change request */
  planChange: boolean;
  /** the request was approved and applied */
  planChangeApplied: boolean;
}

export interface TicketDetail extends TicketRow {
  /** oldest first; staff see internal notes too */
  messages: TicketMessage[];
  planChangeRequest: PlanChangeRequestView | null;
}

/**
 * tickets.approveChange: applied at once when `fingerprint` matches the current figures; otherwise the fresh
 * quote (or the refusal that now applies) comes back for staff to look at, then they approve with its fingerprint.
 */
export type ApproveChangeResult =
  | { applied: true; planChange: PlanChangeRow; ticket: TicketDetail }
  | {
      applied: false;
      /** `confirm`: no fingerprint was sent; `stale`: the figures changed since that quote */
      reason: 'confirm' | 'stale';
      quote: ChangePlanQuoteView | ChangePlanRefusalView;
    };

export interface TicketCounts {
  all: number;
  open: number;
  new: number;
  workInProgress: number;
  resolved: number;
  waitingOnCustomer: number;
  waitingOnAgent: number;
}

export const ticketsChannels = {
  /** the inbox; `status: 'open'` = everything but resolved. Newest first. `counts` ignore the status filter. */
  'tickets.list': channel<Page<TicketRow> & { counts: TicketCounts }>()(
    pageInput.extend({
      status: z.union([ticketStatus, z.literal('open'), z.literal('all')]).default('all'),
      customerId: id.nullable().default(null),
      type: ticketType.nullable().default(null),
      priority: ticketPriority.nullable().default(null),
      /** a staff name; '' = unassigned only; null = anyone */
      assignee: shortText(100).nullable().default(null),
      /** subject, customer name or ticket number */
      search: shortText(100).default(''),
    }),
    { readOnly: true },
  ),
  'tickets.get': channel<TicketDetail>()(z.object({ id }), { readOnly: true }),
  /** the names tickets can be assigned to (staff users, plus names already used) */
  'tickets.assignees': channel<string[]>()(z.object({}), { readOnly: true }),
  'tickets.create': channel<TicketDetail>()(
    z.object({
      customerId: id,
      subject: requiredText(200),
      message: requiredText(10000),
      priority: ticketPriority.default('low'),
      type: ticketType.default('question'),
      assignee: shortText(100).nullable().default(null),
    }),
  ),
  /** a reply to the customer, or an internal note (`internal: true`, never shown in the portal); may set the status */
  'tickets.reply': channel<TicketDetail>()(
    z.object({ ticketId: id, body: requiredText(10000), internal: z.boolean().default(false), status: ticketStatus.nullable().default(null) }),
  ),
  /** null or '' = unassign */
  'tickets.assign': channel<TicketDetail>()(z.object({ ticketId: id, assignee: shortText(100).nullable() })),
  'tickets.setStatus': channel<TicketDetail>()(z.object({ ticketId: id, status: ticketStatus })),
  /**
   * "Approve and apply" a portal plan-change request: re-quotes; with a current fingerprint applies it as a
   * staff change (source 'portal'), records the outcome (system message + request outcome) and resolves the
   * ticket, all in one transaction. `start` null = the requested start date.
   */
  'tickets.approveChange': channel<ApproveChangeResult>()(
    z.object({ ticketId: id, fingerprint: z.string().min(1).max(200).nullable().default(null), start: isoDate.nullable().default(null) }),
  ),
  /** The request as of today (nothing written): still current, changed figures, or refused with the reason and the earliest start. */
  'tickets.checkChange': channel<PlanChangeRequestCheck>()(z.object({ ticketId: id }), { readOnly: true }),
  /**
   * Decline a plan-change request: `message` is posted as a reply the customer reads in the portal, the request records
   * the outcome and the ticket is resolved — one transaction, audited.
   */
  'tickets.declineChange': channel<TicketDetail>()(z.object({ ticketId: id, message: requiredText(2000) })),
};
