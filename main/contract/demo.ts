import { z } from 'zod';
import { channel } from './channel';

// First start: staff may fill an empty database with a generated demo ISP (main/demo/generate.ts) so a training
// can begin at once. Refused once the database holds any customer.

export interface DemoSummary {
  seed: number;
  /** the business date the demo's training clock is pinned to (history runs up to the day before) */
  businessDate: string;
  historyFrom: string;
  customers: number;
  services: number;
  invoices: number;
  payments: number;
  byStatus: Record<string, number>;
  ms: number;
}

export const demoChannels = {
  'system.createDemo': channel<DemoSummary>()(
    z
      .object({
        customers: z.number().int().min(1).max(100_000).default(300),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      })
      .strict(),
    { access: 'staff' },
  ),
};
