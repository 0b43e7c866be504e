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
export const expectation = z
  .object({
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
  .refine((e) => Boolean(e.customer) !== Boolean(e.service), 'an expectation is about exactly one customer or one service');
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
      }),
    )
    .default([]),
  steps: z.array(step).min(1),
});
export type ScenarioFile = z.infer<typeof scenarioFile>;
