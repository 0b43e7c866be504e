import { z } from 'zod';
import { channel } from './channel';
import { id, nonNegativeCents, requiredText, serviceKind, shortText, updateOf, type ServiceKind } from './common';

export const planFields = z.object({
  kind: serviceKind,
  name: requiredText(100),
  /** the service description new services get (empty → the plan name) */
  description: shortText(200).default(''),
  price: nonNegativeCents,
  /** VAT in basis points: 2100 = 21 % */
  vatRateBp: z.number().int().min(0).max(10000).default(0),
  vatIncluded: z.boolean().default(false),
  enabled: z.boolean().default(true),
  downloadKbps: z.number().int().min(0).max(100_000_000).nullable().default(null),
  uploadKbps: z.number().int().min(0).max(100_000_000).nullable().default(null),
  voiceType: z.enum(['voip', 'fix', 'mobile']).nullable().default(null),
  /** empty = available to every partner */
  partnerIds: z.array(id).max(1000).default([]),
  /** "Tariff plans available in customer portal": plans of the same kind a customer may switch to */
  portalTargetIds: z.array(id).max(1000).default([]),
});

export interface PlanRow {
  id: number;
  kind: ServiceKind;
  name: string;
  description: string;
  price: number;
  vatRateBp: number;
  vatIncluded: boolean;
  enabled: boolean;
  downloadKbps: number | null;
  uploadKbps: number | null;
  voiceType: 'voip' | 'fix' | 'mobile' | null;
  partnerIds: number[];
  portalTargetIds: number[];
  /** services currently on this plan that are not archived */
  serviceCount: number;
}

export const planChannels = {
  'plans.list': channel<PlanRow[]>()(
    z.object({ kind: serviceKind.nullable().default(null), includeDisabled: z.boolean().default(true) }).strict(),
    { readOnly: true },
  ),
  'plans.get': channel<PlanRow>()(z.object({ id }).strict(), { readOnly: true }),
  'plans.create': channel<PlanRow>()(planFields.strict()),
  'plans.update': channel<PlanRow & { servicesRepriced: number }>()(
    updateOf(planFields.omit({ kind: true })).extend({
      id,
      /**
       * What happens to existing services when the price changes: 'none' keeps them, 'matching' updates services
       * whose price still equals the old plan price, 'all' overwrites every service on the plan.
       */
      updateServicePrice: z.enum(['none', 'matching', 'all']).default('none'),
    }).strict(),
  ),
};
