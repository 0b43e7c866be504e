// Words shared by every engine module. Kept here (not imported from main/contract) so the engine stays a leaf:
// pure TypeScript, no zod, importable from main, renderer and tests alike.

/** A calendar date 'YYYY-MM-DD'. The engine never asks the clock: "today" is always an argument. */
export type IsoDate = string;

/** Money in integer cents (minor units). */
export type Cents = number;

export type ServiceStatus = 'active' | 'disabled' | 'stopped' | 'pending' | 'archived';
export type CustomerStatus = 'new' | 'active' | 'blocked' | 'inactive';
export type PayPeriodMonths = 1 | 3 | 6 | 12;

/**
 * A service discount. Percent is in basis points (1000 = 10 %, 1250 = 12.5 %) so fractional percents stay exact.
 * Fixed is cents off the service's monthly amount (price × quantity). `from`/`to` bound the days it covers
 * (inclusive; missing = open-ended): a discount only lowers the price of the days inside its window (decision 1).
 */
export type Discount =
  | { kind: 'percent'; percentBp: number; from?: IsoDate | null; to?: IsoDate | null }
  | { kind: 'fixed'; amount: Cents; from?: IsoDate | null; to?: IsoDate | null };

/** An inclusive range of days. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}
