import { z } from 'zod';
import { channel } from './channel';

export interface SystemInfo {
  businessDate: string;
  schemaVersion: number;
  demo: boolean;
  lastProcessedDay: string | null;
  /** the database is open read-only because another instance holds it (db/lock.ts): show it, refuse edits */
  readOnly: boolean;
}

export const systemChannels = {
  'system.info': channel<SystemInfo>()(z.object({}).strict(), { access: 'any', readOnly: true }),
};
