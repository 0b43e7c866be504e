import { z } from 'zod';
import { channel } from './channel';
import {
  id,
  isoDate,
  nonNegativeCents,
  payPeriodMonths,
  serviceKind,
  serviceStatus,
  shortText,
  updateOf,
  type ServiceKind,
  type ServiceStatus,
} from './common';
import { ipv4 } from './config';

const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
/** "MAC(s)": comma-separated, each validated; stored normalised (upper case, colons). */
export const macList = z
  .string()
  .trim()
  .max(1000)
  .refine(
    (s) =>
      s === '' ||
      s
        .split(',')
        .map((m) => m.trim())
        .every((m) => MAC.test(m)),
    'must be MAC addresses like 00:1A:2B:3C:4D:5E, separated by commas',
  );

export const discountInput = z
  .object({
    kind: z.enum(['percent', 'fixed']),
    /** percent: basis points (1000 = 10 %), 1..10000; fixed: cents off the monthly price */
    value: z.number().int().min(1),
    from: isoDate.nullable().default(null),
    to: isoDate.nullable().default(null),
    message: shortText(200).default(''),
  })
  .refine((d) => d.kind !== 'percent' || d.value <= 10000, { message: 'a percentage cannot exceed 100 %', path: ['value'] })
  .refine((d) => !d.from || !d.to || d.from <= d.to, { message: 'must not be before the discount start', path: ['to'] });

export const internetSettingsInput = z.object({
  routerId: id.nullable().default(null),
  login: shortText(64).regex(/^[A-Za-z0-9._@-]*$/, 'may hold letters, digits and . _ @ - only').default(''),
  /** empty ⇒ the customer's portal password is used */
  password: shortText(128).default(''),
  ipv4Method: z.enum(['none', 'permanent', 'dynamic']).default('none'),
  ipv4: z.union([z.literal(''), ipv4]).default(''),
  additionalNetwork: shortText(64).default(''),
  /** Dynamic: null = Any pool */
  ipv4PoolId: id.nullable().default(null),
  macs: macList.default(''),
  portId: shortText(64).default(''),
});

export const serviceFields = z.object({
  customerId: id,
  kind: serviceKind,
  planId: id,
  description: shortText(200).default(''),
  quantity: z.number().int().min(1).max(100000).default(1),
  unit: shortText(20).default(''),
  /** null ⇒ the plan's price */
  unitPrice: nonNegativeCents.nullable().default(null),
  payPeriodMonths: payPeriodMonths.default(1),
  start: isoDate,
  end: isoDate.nullable().default(null),
  discount: discountInput.nullable().default(null),
  /** null ⇒ decided from the start date: Pending when it is in the future, Active otherwise */
  status: serviceStatus.nullable().default(null),
  internet: internetSettingsInput.nullable().default(null),
});

export interface ServiceRow {
  id: number;
  customerId: number;
  kind: ServiceKind;
  planId: number;
  planName: string;
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  payPeriodMonths: 1 | 3 | 6 | 12;
  start: string;
  end: string | null;
  invoicedUntil: string | null;
  status: ServiceStatus;
  discount: z.output<typeof discountInput> | null;
  internet: (z.output<typeof internetSettingsInput> & { ipv4PoolName: string | null; routerName: string | null }) | null;
  replacesServiceId: number | null;
  planChangeId: number | null;
  /** a pending plan change that replaces this service, if any */
  pendingChange: { planChangeId: number; newServiceId: number; start: string; newPlanName: string } | null;
  scheduledStatus: { id: number; status: ServiceStatus; on: string } | null;
  geo: { address: string; latitude: number | null; longitude: number | null } | null;
  createdOn: string;
}

export interface UsagePoint {
  day: string;
  rxBytes: number;
  txBytes: number;
}

/** A usage range: at most 366 days, `to` not before `from` (checked by the handler, main/app/services.ts usageRows). */
export const usageInput = z.object({ serviceId: id, from: isoDate, to: isoDate });

export const serviceChannels = {
  /** decision 22: the new services of cancelled plan changes are left out unless asked for */
  'services.listForCustomer': channel<ServiceRow[]>()(
    z.object({ customerId: id, includeCancelledChanges: z.boolean().default(false) }).strict(),
    { readOnly: true },
  ),
  'services.get': channel<ServiceRow>()(z.object({ id }).strict(), { readOnly: true }),
  'services.add': channel<ServiceRow>()(serviceFields.strict()),
  /** every field but customer and kind; the plan of an invoiced service is changed with Change plan only */
  'services.update': channel<ServiceRow>()(
    updateOf(serviceFields.omit({ customerId: true, kind: true })).extend({ id }).strict(),
  ),
  /** refused once the service has been invoiced, with the reason */
  'services.delete': channel<{ deleted: true }>()(z.object({ id }).strict()),
  /** decision 12: a dated status change of the same service; no money moves */
  'services.scheduleStatus': channel<ServiceRow>()(z.object({ serviceId: id, status: serviceStatus, on: isoDate }).strict()),
  'services.cancelScheduledStatus': channel<ServiceRow>()(z.object({ id }).strict()),
  'services.usage': channel<UsagePoint[]>()(usageInput.strict(), { readOnly: true }),
  /** offline: coordinates are typed by staff (or taken from a map) and kept with the address on the service */
  'services.geolocate': channel<ServiceRow>()(
    z.object({
      serviceId: id,
      address: shortText(500),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
    }).strict(),
  ),
};
