import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { MESSAGE_AUTHOR_KINDS, TICKET_PRIORITIES, TICKET_SOURCES, TICKET_STATUSES, TICKET_TYPES } from '../enums';
import { customers } from './customers';
import { nowTimestamp, oneOf } from './sql';

/**
 * Support tickets. A portal "Request tariff plan change" creates one with `plan_change_request` (JSON:
 * service id, plan id, start date and the quote shown to the customer) — the request itself changes nothing.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    subject: text('subject').notNull(),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('new'),
    priority: text('priority', { enum: TICKET_PRIORITIES }).notNull().default('low'),
    type: text('type', { enum: TICKET_TYPES }).notNull().default('question'),
    source: text('source', { enum: TICKET_SOURCES }).notNull(),
    assignedTo: text('assigned_to'),
    createdBy: text('created_by').notNull(),
    /** Business day it was opened. */
    createdOn: text('created_on').notNull(),
    createdAt: text('created_at').notNull().default(nowTimestamp),
    updatedAt: text('updated_at').notNull().default(nowTimestamp),
    planChangeRequest: text('plan_change_request'),
  },
  (t) => [
    index('tickets_customer_idx').on(t.customerId, t.id),
    index('tickets_status_idx').on(t.status, t.id),
    check('tickets_status', oneOf(t.status, TICKET_STATUSES)),
    check('tickets_priority', oneOf(t.priority, TICKET_PRIORITIES)),
    check('tickets_type', oneOf(t.type, TICKET_TYPES)),
    check('tickets_source', oneOf(t.source, TICKET_SOURCES)),
    check('tickets_request_json', sql`${t.planChangeRequest} IS NULL OR json_valid(${t.planChangeRequest})`),
  ],
);

export const ticketMessages = sqliteTable(
  'ticket_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    author: text('author').notNull(),
    authorKind: text('author_kind', { enum: MESSAGE_AUTHOR_KINDS }).notNull(),
    /** Internal notes are hidden from the customer in the portal. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.id), check('ticket_messages_author_kind', oneOf(t.authorKind, MESSAGE_AUTHOR_KINDS))],
);
