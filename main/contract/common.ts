import { z } from 'zod';
import { LANGUAGES, type Language } from '../../db/enums';

// Building blocks shared by every area's schemas, so that a date or an amount is validated the same way everywhere.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

/** Money in integer cents (minor units). Fractions of a cent are refused, not rounded. */
export const cents = z.number().int('must be a whole number of cents').min(-1_000_000_000_00).max(1_000_000_000_00);
export const nonNegativeCents = cents.min(0, 'must not be negative');
export const positiveCents = cents.min(1, 'must be more than zero');

export const id = z.number().int().positive();
export const shortText = (max = 200) => z.string().trim().max(max, `must be at most ${max} characters`);
export const requiredText = (max = 200) => shortText(max).min(1, 'is required');

export const pageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

export interface Page<T> {
  rows: T[];
  total: number;
  /**
   * The count stopped at `total`: there are more (a customer search matching a large part of the customers is
   * counted only as far as the pager needs; the page after the last one offered counts further). Shown as "1 000+".
   */
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
}

export const language = z.enum(LANGUAGES);
export { LANGUAGES, type Language };

export const customerStatus = z.enum(['new', 'active', 'blocked', 'inactive']);
export type CustomerStatus = z.infer<typeof customerStatus>;
export const serviceStatus = z.enum(['active', 'disabled', 'stopped', 'pending', 'archived']);
export type ServiceStatus = z.infer<typeof serviceStatus>;
export const serviceKind = z.enum(['internet', 'voice', 'custom']);
export type ServiceKind = z.infer<typeof serviceKind>;
export const payPeriodMonths = z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]);
export type PayPeriodMonths = z.infer<typeof payPeriodMonths>;

type WithoutDefault<T> = T extends z.ZodDefault<infer I> ? I : T;
/** The update shape of a create schema: each field optional and without its default. */
export type UpdateShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<WithoutDefault<T[K]>> };

/**
 * Update inputs: every field optional and WITHOUT its create-time default, so a missing key means "keep the
 * stored value". (zod 4's `.partial()` keeps defaults: `{ id, name }` would otherwise reset every other field.)
 * Nested objects (billing, internet settings) are still replaced whole, with their own defaults.
 */
export function updateOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>): z.ZodObject<UpdateShape<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape as unknown as Record<string, z.ZodType>))
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional();
  return z.object(shape) as unknown as z.ZodObject<UpdateShape<T>>;
}

/** How amounts are shown (display.currency, display.decimalSeparator): the back office and the portal format with it. */
export interface DisplaySettings {
  /** '' = no currency shown */
  currency: string;
  /** 'language': as the reader's language writes numbers (English 1,234.56, German 1.234,56) */
  decimalSeparator: 'language' | '.' | ',';
}
