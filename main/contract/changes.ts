import type { BackendEvent, ChangeArea, ChangeEvent } from '../backend/types';
import type { Contract } from './index';

// Push (issue 20 item 2): which write announces which areas, and which areas each read shows. The back end
// announces after a write channel answered ok (main/app/dispatch.ts); an open screen refetches a read when an event
// names one of its areas (renderer/src/hooks/useApi.ts). Pure: imported by main and the renderer alike.
// A write that forgets an area leaves a screen stale, so when in doubt a write names one area too many: the
// price is one refetch of a list that did not change.

// readOnly is a plain boolean in the channel's type, so the split into writes and reads is checked at run time:
// test/unit/changes.test.ts walks the whole contract (every write listed here, every read mapped to areas).
type Name = keyof Contract;

export const ALL_AREAS: readonly ChangeArea[] = ['customers', 'services', 'plans', 'billing', 'tickets', 'network', 'settings', 'staff', 'days', 'backups', 'imports'];

/** What a day run (start/end of day, catch-up, the training clock) may have changed. */
export const DAY_RUN_AREAS: readonly ChangeArea[] = ['days', 'billing', 'customers', 'services', 'network'];

/** Money moved for a customer: documents and ledger, the balance shown in lists, services a payment restarts. */
const MONEY: ChangeArea[] = ['billing', 'customers', 'services', 'network'];
/** A service changed: its row, what the network answers for it, the customer's page (audit, status). */
const SERVICE: ChangeArea[] = ['services', 'network', 'customers'];

/** Every write channel → the areas it changes. */
export const WRITE_AREAS: Partial<Record<Name, readonly ChangeArea[]>> = {
  'auth.setup': ['staff'],
  'auth.signIn': ['staff'],
  'auth.signOut': ['staff'],
  'auth.setLanguage': ['staff'],
  'staff.create': ['staff'],
  'staff.update': ['staff'],
  'system.createDemo': ALL_AREAS,
  'customers.create': ['customers'],
  'customers.update': ['customers', 'services', 'network', 'billing'],
  'partners.create': ['settings', 'customers'],
  'partners.update': ['settings', 'customers', 'network'],
  'settings.update': ['settings', 'network', 'customers'],
  'settings.reset': ['settings', 'network', 'customers'],
  'routers.save': ['settings', 'network'],
  'ipv4.saveNetwork': ['settings', 'network'],
  'ipv4.savePool': ['settings', 'network'],
  'plans.create': ['plans'],
  'plans.update': ['plans', 'services', 'network'],
  'services.add': SERVICE,
  'services.update': SERVICE,
  'services.delete': SERVICE,
  'services.scheduleStatus': SERVICE,
  'services.cancelScheduledStatus': SERVICE,
  'services.geolocate': ['services'],
  'sessions.import': ['network'],
  'billing.addPayment': MONEY,
  'billing.oneTimeInvoice': MONEY,
  'changePlan.apply': MONEY,
  'changePlan.cancel': MONEY,
  'bulk.preview': ['plans'],
  'bulk.exclude': ['plans'],
  'bulk.discard': ['plans'],
  'bulk.applyChunk': [...MONEY, 'plans'],
  'bulk.retryFailed': [...MONEY, 'plans'],
  'bulk.undo': [...MONEY, 'plans'],
  'days.runUntil': DAY_RUN_AREAS,
  'days.advance': DAY_RUN_AREAS,
  'tickets.create': ['tickets', 'customers'],
  'tickets.reply': ['tickets'],
  'tickets.assign': ['tickets'],
  'tickets.setStatus': ['tickets'],
  'tickets.approveChange': ['tickets', ...MONEY],
  'tickets.declineChange': ['tickets'],
  'backup.now': ['backups'],
  // the restore itself runs afterwards, step by step: main/app/backup.ts announces every area when it has finished
  'backup.restoreStart': ['backups'],
  'backup.restore': ALL_AREAS,
  'backup.configure': ['backups'],
  'portal.open': ['customers'],
  'portal.signOut': ['customers'],
  'portal.requestChange': ['tickets', 'customers'],
  'portal.selfChange': ['tickets', ...MONEY],
  'portal.updateProfile': ['customers'],
  'portal.createTicket': ['tickets', 'customers'],
  'portal.replyTicket': ['tickets'],
  'import.preview': ['imports'],
  'import.apply': ['imports', ...MONEY],
};

/** The areas a read shows, by the part of its name before the dot (exceptions below). */
const READ_AREAS_BY_PREFIX: Record<string, readonly ChangeArea[]> = {
  system: ['days', 'settings', 'backups'],
  auth: ['staff'],
  staff: ['staff'],
  customers: ['customers'],
  partners: ['settings'],
  settings: ['settings'],
  routers: ['settings', 'network'],
  ipv4: ['settings', 'network'],
  plans: ['plans'],
  services: ['services'],
  sessions: ['network'],
  billing: ['billing'],
  finance: ['billing'],
  documents: ['billing'],
  changePlan: ['services', 'billing', 'plans'],
  bulk: ['plans', 'services'],
  days: ['days'],
  tickets: ['tickets'],
  backup: ['backups'],
  portal: ['customers', 'services', 'billing', 'tickets'],
  network: ['network'],
  search: ['customers', 'services', 'billing', 'tickets'],
};

/** Reads that show more than their prefix says. */
const READ_AREAS: Partial<Record<Name, readonly ChangeArea[]>> = {
  // the list shows balance, status, partner and who is online
  'customers.list': ['customers', 'billing', 'network', 'settings'],
  'customers.get': ['customers', 'billing', 'settings'],
  // the audit log holds every change made for the customer
  'customers.auditLog': ['customers', 'services', 'billing', 'tickets', 'network'],
  'services.listForCustomer': ['services', 'plans', 'network'],
  'services.get': ['services', 'plans', 'network'],
  'services.usage': ['network'],
  'ipv4.freeAddresses': ['settings', 'network', 'services'],
  'billing.customerSummary': ['billing', 'customers'],
  'tickets.checkChange': ['tickets', 'services', 'billing', 'plans'],
  'portal.usage': ['network'],
  'portal.services': ['services', 'plans', 'network'],
  'portal.changeQuote': ['services', 'plans', 'billing'],
  'portal.session': ['customers', 'settings'],
  'network.answer': ['network', 'services', 'customers', 'settings'],
};

export function writeAreas(channel: string): readonly ChangeArea[] {
  return Object.prototype.hasOwnProperty.call(WRITE_AREAS, channel) ? (WRITE_AREAS[channel as Name] ?? []) : [];
}

/** The areas a read channel shows (an unknown channel: none). */
export function readAreas(channel: string): readonly ChangeArea[] {
  const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);
  return own(READ_AREAS as Record<string, readonly ChangeArea[]>, channel) ?? own(READ_AREAS_BY_PREFIX, channel.split('.')[0]) ?? [];
}

const numberAt = (value: unknown, key: string): number | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
};

/** Channels whose input or answer names the customer by `id` (the customer record itself). */
const CUSTOMER_RECORD = new Set(['customers.create', 'customers.update', 'customers.get', 'customers.auditLog']);
/** Writes that change many customers at once even though their input may name one: no customer ids. */
const MANY_CUSTOMERS = new Set<string>(['partners.create', 'partners.update', 'settings.update', 'settings.reset', 'plans.update', 'import.apply']);

/**
 * The one customer a call concerns, from its input (or answer): `customerId`, or `id` for the customer record.
 * undefined = not about one customer (a list, a setting) or not known (a service by its id before it answered).
 */
export function customerOf(channel: string, input: unknown, answer?: unknown): number | undefined {
  if (MANY_CUSTOMERS.has(channel)) return undefined;
  const byRecord = CUSTOMER_RECORD.has(channel) ? (numberAt(input, 'id') ?? numberAt(answer, 'id')) : undefined;
  return byRecord ?? numberAt(input, 'customerId') ?? numberAt(answer, 'customerId');
}

/**
 * Writes made in steps whose answer says `done`: announced by the step that finishes the work — or, when no step
 * follows within STEP_SETTLE_MS (staff left the wizard half-way, a chunk failed), a moment after the last one, so
 * the steps that did commit reach the open screens all the same.
 */
const ANNOUNCED_WHEN_DONE = new Set<string>(['bulk.applyChunk']);
export const STEP_SETTLE_MS = 1500;

/**
 * What a write that answered ok changed: its areas, and its customer when it concerns one. A portal call always
 * concerns its own customer (the portal never names it in the input).
 */
export function changeOf(channel: string, input: unknown, answer: unknown, portalCustomerId?: number): (Omit<ChangeEvent, 'kind'> & { unlessFollowed?: true }) | null {
  const areas = [...writeAreas(channel)];
  if (areas.length === 0) return null;
  // A bulk apply is driven chunk by chunk (the wizard's progress bar): open screens refetch once, when it has
  // finished, rather than after every chunk while the apply still holds the writer. The wizard follows the chunks itself.
  if (ANNOUNCED_WHEN_DONE.has(channel) && !(typeof answer === 'object' && answer !== null && (answer as { done?: unknown }).done === true)) return { areas, unlessFollowed: true };
  const customerId = portalCustomerId ?? customerOf(channel, input, answer);
  return customerId === undefined ? { areas } : { areas, customerIds: [customerId] };
}

/**
 * Whether an event concerns a screen showing `areas`, about `customerId` when given: an event naming no customer
 * may concern any; one naming customers concerns a one-customer screen only when its customer is among them.
 */
export function eventConcerns(event: ChangeEvent, areas: readonly ChangeArea[], customerId?: number): boolean {
  if (!event.areas.some((a) => areas.includes(a))) return false;
  return customerId === undefined || event.customerIds === undefined || event.customerIds.includes(customerId);
}

/**
 * The event as a customer-portal screen of `customerId` may hear it, or null: events about other customers never
 * reach it, and of an event about several customers it learns only its own id.
 */
export function eventForPortal(event: ChangeEvent, customerId: number): ChangeEvent | null {
  if (event.customerIds === undefined) return event;
  return event.customerIds.includes(customerId) ? { ...event, customerIds: [customerId] } : null;
}

/**
 * The event as a screen may hear it: staff (no portal customer) everything; a customer-portal screen its own
 * customer's changes and the connection state, never the progress of staff work. Every host filters through here.
 */
export function eventForScreen(event: BackendEvent, portalCustomerId?: number): BackendEvent | null {
  if (portalCustomerId === undefined) return event;
  if (event.kind === 'changed') return eventForPortal(event, portalCustomerId);
  return event.kind === 'connection' ? event : null;
}
