import { z } from 'zod';
import { channel } from './channel';

export interface SystemInfo {
  businessDate: string;
  schemaVersion: number;
  demo: boolean;
  lastProcessedDay: string | null;
}

export const systemChannels = {
  'system.info': channel<SystemInfo>()(z.object({}).strict(), { access: 'any', readOnly: true }),
};
