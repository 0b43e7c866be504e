import { z } from 'zod';
import { channel } from './channel';
import { id, requiredText, shortText } from './common';

export interface PartnerRow {
  id: number;
  name: string;
  isDefault: boolean;
  /** asked for with `customerCounts` (the partners table): a count over every customer, not for the selects */
  customerCount?: number;
}

/** Effective settings of a partner: every key of the settings registry (db/settings.ts) with its value. */
export type SettingsValues = Record<string, unknown>;
export type SettingOrigin = 'partner' | 'default' | 'builtin';

export interface PartnerSettings {
  partnerId: number;
  values: SettingsValues;
  /** where each value comes from; for a non-Default partner, 'partner' means it differs from Default */
  origins: Record<string, SettingOrigin>;
}

export type RouterAuthMethod = 'pppRadius' | 'hotspotRadius' | 'none';

/** A router (NAS). Its RADIUS secret is write-only: only whether one is set comes back. */
export interface RouterRow {
  id: number;
  title: string;
  address: string;
  description: string;
  type: 'mikrotik';
  authMethod: RouterAuthMethod;
  /** the address it sends RADIUS requests from and receives Disconnect-Requests on */
  nasIp: string;
  coaPort: number;
  bindMacs: boolean;
  hasSecret: boolean;
}

export interface Ipv4NetworkRow {
  id: number;
  network: string; // CIDR, e.g. 10.0.0.0/24
  title: string;
  kind: 'permanent' | 'dynamic';
  used: number;
  size: number;
}

export interface Ipv4PoolRow {
  id: number;
  networkId: number;
  title: string;
  /** first and last address the pool hands out */
  rangeFrom: string;
  rangeTo: string;
}

const ipv4 = z
  .string()
  .trim()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, 'must be an IPv4 address');
export const cidr = z
  .string()
  .trim()
  .regex(
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/([8-9]|[12]\d|3[0-2])$/,
    'must be a network like 10.0.0.0/24 (prefix 8–32)',
  );
export { ipv4 };

export const configChannels = {
  /**
   * Every partner (a short list: the selects of the first screen). `customerCounts` adds each partner's customers:
   * an index scan of all customers (≈ 7 ms at 100 000), so only the partners table asks for it.
   */
  'partners.list': channel<PartnerRow[]>()(z.object({ customerCounts: z.boolean().default(false) }).strict(), { readOnly: true }),
  'partners.create': channel<PartnerRow>()(z.object({ name: requiredText(100) }).strict()),
  'partners.update': channel<PartnerRow>()(z.object({ id, name: requiredText(100) }).strict()),
  'settings.get': channel<PartnerSettings>()(z.object({ partnerId: id.default(1) }).strict(), { readOnly: true }),
  /** values are validated key by key against the settings registry; unknown keys are refused */
  'settings.update': channel<PartnerSettings>()(
    z.object({ partnerId: id.default(1), values: z.record(z.string().max(100), z.unknown()) }).strict(),
  ),
  /** a partner's keys go back to the Default partner's values */
  'settings.reset': channel<PartnerSettings>()(z.object({ partnerId: id, keys: z.array(z.string().max(100)).max(200) }).strict()),
  'routers.list': channel<RouterRow[]>()(z.object({}).strict(), { readOnly: true }),
  'routers.save': channel<RouterRow>()(
    z.object({
      id: id.optional(),
      title: requiredText(100),
      address: shortText(100).default(''),
      description: shortText(200).default(''),
      // Absent fields keep the stored value (a new router: MikroTik, no RADIUS, CoA port 3799, no MAC binding).
      type: z.enum(['mikrotik']).optional(),
      authMethod: z.enum(['pppRadius', 'hotspotRadius', 'none']).optional(),
      nasIp: z.union([z.literal(''), ipv4]).optional(),
      /** write-only; absent or empty keeps the stored secret */
      secret: z
        .string()
        .max(128, 'must be at most 128 characters')
        .regex(/^[\x21-\x7e]*$/, 'may contain printable characters without spaces only')
        .refine((v) => !/["\\]/.test(v), 'may not contain quotes or backslashes')
        .optional(),
      coaPort: z.number().int().min(1, 'must be a port 1–65535').max(65535, 'must be a port 1–65535').optional(),
      bindMacs: z.boolean().optional(),
    }).strict(),
  ),
  'ipv4.networks': channel<Ipv4NetworkRow[]>()(z.object({}).strict(), { readOnly: true }),
  'ipv4.saveNetwork': channel<Ipv4NetworkRow>()(
    z.object({ id: id.optional(), network: cidr, title: shortText(100).default(''), kind: z.enum(['permanent', 'dynamic']) }).strict(),
  ),
  'ipv4.pools': channel<Ipv4PoolRow[]>()(z.object({}).strict(), { readOnly: true }),
  /** an empty range = the whole network (first to last host address) */
  'ipv4.savePool': channel<Ipv4PoolRow>()(
    z.object({
      id: id.optional(),
      networkId: id,
      title: requiredText(100),
      rangeFrom: z.union([z.literal(''), ipv4]).default(''),
      rangeTo: z.union([z.literal(''), ipv4]).default(''),
    }).strict(),
  ),
  /** free permanent addresses, for the service dialog's picker */
  'ipv4.freeAddresses': channel<string[]>()(
    z.object({ networkId: id.nullable().default(null), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    { readOnly: true },
  ),
};
