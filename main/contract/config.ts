import { z } from 'zod';
import { channel } from './channel';
import { id, requiredText, shortText } from './common';

export interface PartnerRow {
  id: number;
  name: string;
  isDefault: boolean;
  customerCount: number;
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

export interface RouterRow {
  id: number;
  title: string;
  address: string;
  authMethod: 'none' | 'api' | 'radius';
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
  'partners.list': channel<PartnerRow[]>()(z.object({}), { readOnly: true }),
  'partners.create': channel<PartnerRow>()(z.object({ name: requiredText(100) })),
  'partners.update': channel<PartnerRow>()(z.object({ id, name: requiredText(100) })),
  'settings.get': channel<PartnerSettings>()(z.object({ partnerId: id.default(1) }), { readOnly: true }),
  /** values are validated key by key against the settings registry; unknown keys are refused */
  'settings.update': channel<PartnerSettings>()(
    z.object({ partnerId: id.default(1), values: z.record(z.string().max(100), z.unknown()) }),
  ),
  /** a partner's keys go back to the Default partner's values */
  'settings.reset': channel<PartnerSettings>()(z.object({ partnerId: id, keys: z.array(z.string().max(100)).max(200) })),
  'routers.list': channel<RouterRow[]>()(z.object({}), { readOnly: true }),
  'routers.save': channel<RouterRow>()(
    z.object({
      id: id.optional(),
      title: requiredText(100),
      address: shortText(100).default(''),
      authMethod: z.enum(['none', 'api', 'radius']).default('none'),
    }),
  ),
  'ipv4.networks': channel<Ipv4NetworkRow[]>()(z.object({}), { readOnly: true }),
  'ipv4.saveNetwork': channel<Ipv4NetworkRow>()(
    z.object({ id: id.optional(), network: cidr, title: shortText(100).default(''), kind: z.enum(['permanent', 'dynamic']) }),
  ),
  'ipv4.pools': channel<Ipv4PoolRow[]>()(z.object({}), { readOnly: true }),
  'ipv4.savePool': channel<Ipv4PoolRow>()(z.object({ id: id.optional(), networkId: id, title: requiredText(100) })),
  /** free permanent addresses, for the service dialog's picker */
  'ipv4.freeAddresses': channel<string[]>()(
    z.object({ networkId: id.nullable().default(null), limit: z.number().int().min(1).max(500).default(50) }),
    { readOnly: true },
  ),
};
