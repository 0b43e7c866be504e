import { z } from 'zod';
import { channel } from './channel';
import { isoDate } from './common';

export interface DayRunSummary {
  from: string | null;
  to: string | null;
  days: number;
  activated: number;
  ended: number;
  statusChanges: number;
  invoices: number;
  invoicedTotal: number;
  blocked: number;
  deactivated: number;
}

export interface BusinessClock {
  businessDate: string;
  lastProcessedDay: string | null;
  demo: boolean;
  lastRun: DayRunSummary | null;
}

export const dayChannels = {
  'days.status': channel<BusinessClock>()(z.object({}), { readOnly: true }),
  /** runs start/end of day for every day not yet processed up to `until` (≤ today), exactly once each */
  'days.runUntil': channel<DayRunSummary>()(z.object({ until: isoDate.nullable().default(null) })),
  /** training clock, demo databases only: moves the business date forward and runs the days in between */
  'days.advance': channel<BusinessClock & { run: DayRunSummary }>()(
    z.union([z.object({ days: z.number().int().min(1).max(366) }), z.object({ to: isoDate })]),
  ),
};
