import { z } from 'zod';
import { isoDate } from '../contract/common';

// The scenario file format of ../shared/scenarios/FORMAT.md, validated at the boundary so a typo in a file is
// reported with the step and field that is wrong instead of surfacing later as a puzzling failure.

export const money = z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'must be money like "200.00"');
const localId = z.string().min(1).max(100);
const settingsObject = z.record(z.string(), z.unknown());

const stepBase = { date: isoDate, expectError: z.union([z.string(), z.boolean()]).optional() };

const discount = z.object({ percent: z.number().min(0).max(100), from: isoDate.optional(), to: isoDate.optional() });
const serviceFields = {
  plan: localId.optional(),
  start: isoDate.optional(),
  end: isoDate.nullable().optional(),
  price: money.optional(),
  quantity: z.number().int().min(1).optional(),
  payPeriod: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]).optional(),
  description: z.string().optional(),
  discount: discount.optional(),
  login: z.string().optional(),
  ipv4Method: z.enum(['none', 'permanent', 'dynamic']).optional(),
  ipv4: z.string().optional(),
  macs: z.string().optional(),
  password: z.string().optional(),
  router: localId.optional(),
  additionalNetwork: z.string().optional(),
  /** a pool id of the file's `ipv4` networks; absent = Any */
  pool: localId.optional(),
};

export const actionStep = z.discriminatedUnion('action', [
  z.object({ ...stepBase, action: z.literal('createCustomer'), id: localId, name: z.string(), partner: localId.optional(), status: z.enum(['new', 'active']).optional(), password: z.string().optional() }),
  z.object({ ...stepBase, action: z.literal('addService'), id: localId, customer: localId, ...serviceFields, plan: localId, start: isoDate }),
  z.object({ ...stepBase, action: z.literal('editService'), service: localId, ...serviceFields }),
  z.object({ ...stepBase, action: z.literal('pay'), customer: localId, amount: money }),
  z.object({ ...stepBase, action: z.literal('oneTimeInvoice'), customer: localId, amount: money, description: z.string() }),
  z.object({ ...stepBase, action: z.literal('changePlan'), id: localId, service: localId, plan: localId, start: isoDate, price: money.optional() }),
  z.object({ ...stepBase, action: z.literal('cancelChange'), service: localId }),
  z.object({ ...stepBase, action: z.literal('scheduleStatus'), service: localId, status: z.enum(['active', 'disabled', 'stopped', 'pending', 'archived']), on: isoDate }),
  z.object({ ...stepBase, action: z.literal('portalRequestChange'), service: localId, plan: localId, start: isoDate, message: z.string().optional() }),
  z.object({ ...stepBase, action: z.literal('portalSelfChange'), id: localId, service: localId, plan: localId, start: isoDate }),
  z.object({ ...stepBase, action: z.literal('bulkChangePlan'), from: localId, to: localId, start: isoDate, ignoreBalance: z.boolean().optional() }),
  z.object({ ...stepBase, action: z.literal('setSettings'), partner: localId.optional(), settings: settingsObject }),
]);
export type ActionStep = z.infer<typeof actionStep>;

const listOf = <T extends z.ZodType>(t: T) => z.array(t);
/** What RADIUS answers a login and password (PAP) on that day (FORMAT.md "Expectations"). */
export const radiusExpectation = z.object({
  login: z.string().min(1),
  password: z.string(),
  result: z.enum(['accept', 'reject']),
  attributes: z.record(z.string(), z.string()).optional(),
  absent: z.array(z.string()).optional(),
  /** the caller's MAC (Calling-Station-Id), for routers that bind MACs; an extension of FORMAT.md */
  callingStationId: z.string().optional(),
});
export type RadiusExpectation = z.infer<typeof radiusExpectation>;

export const expectation = z
  .object({
    radius: radiusExpectation.optional(),
    customer: localId.optional(),
    service: localId.optional(),
    balance: money.optional(),
    status: z.string().optional(),
    invoices: listOf(
      z.object({
        date: isoDate.optional(),
        total: money.optional(),
        status: z.enum(['unpaid', 'paid', 'partiallyPaid', 'overdue']).optional(),
        lines: listOf(z.object({ from: isoDate.optional(), to: isoDate.optional(), amount: money.optional(), description: z.string().optional() })).optional(),
      }),
    ).optional(),
    creditNotes: listOf(z.object({ date: isoDate.optional(), total: money.optional() })).optional(),
    services: listOf(
      z.object({ status: z.string().optional(), start: isoDate.optional(), end: isoDate.nullable().optional(), plan: localId.optional(), price: money.optional() }),
    ).optional(),
    tickets: listOf(z.object({ subject: z.string().optional(), status: z.string().optional() })).optional(),
    start: isoDate.optional(),
    end: isoDate.nullable().optional(),
    plan: localId.optional(),
    invoicedUntil: isoDate.nullable().optional(),
  })
  .refine((e) => [e.customer, e.service, e.radius].filter(Boolean).length === 1, 'an expectation is about exactly one customer, one service or one RADIUS login');
export type Expectation = z.infer<typeof expectation>;

export const expectStep = z.object({ date: isoDate, expect: expectation });
export const step = z.union([expectStep, actionStep]);
export type Step = z.infer<typeof step>;

export const scenarioFile = z.object({
  name: z.string(),
  settings: settingsObject.default({}),
  partners: z.array(z.object({ id: localId, name: z.string(), settings: settingsObject.default({}) })).default([]),
  plans: z
    .array(
      z.object({
        id: localId,
        type: z.enum(['internet', 'voice', 'custom']),
        name: z.string(),
        price: money,
        vat: z.number().min(0).max(100).optional(),
        vatIncluded: z.boolean().optional(),
        portalTargets: z.array(localId).optional(),
        partners: z.array(localId).optional(),
        /** kbit/s, Internet plans only */
        download: z.number().int().min(0).optional(),
        upload: z.number().int().min(0).optional(),
      }),
    )
    .default([]),
  routers: z
    .array(
      z.object({
        id: localId,
        name: z.string(),
        /** the router's address: where its RADIUS requests come from and its Disconnect-Requests go */
        address: z.string(),
        secret: z.string().optional(),
        authMethod: z.enum(['pppRadius', 'hotspotRadius', 'none']).optional(),
        coaPort: z.number().int().optional(),
        bindMacs: z.boolean().optional(),
      }),
    )
    .default([]),
  ipv4: z
    .array(
      z.object({
        id: localId,
        network: z.string(),
        kind: z.enum(['permanent', 'dynamic']),
        title: z.string().optional(),
        pools: z.array(z.object({ id: localId, name: z.string(), from: z.string().optional(), to: z.string().optional() })).default([]),
      }),
    )
    .default([]),
  steps: z.array(step).min(1),
});
export type ScenarioFile = z.infer<typeof scenarioFile>;
