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

/** Long work the host is doing in steps (main/app/progress.ts). */
export type WorkKind = 'catchUp' | 'restore';

export interface ProgressRecord {
  kind: WorkKind;
  /** what is being done, in words: "Processing missed days", "Restoring a backup" */
  title: string;
  /** steps done (0 … total) */
  done: number;
  total: number;
  /** the step under way: "2024-03-02" (a day), "Checking the backup" */
  step: string;
  /** set when the work has finished: ok, or the refusal in words */
  finished?: { ok: true; result?: unknown } | { ok: false; message: string };
}

export const systemChannels = {
  'system.info': channel<SystemInfo>()(z.object({}).strict(), { access: 'any', readOnly: true }),
  /** long work under way (the start-up catch-up, a restore): polled by the renderer while it shows progress — before sign-in too (the catch-up runs at start) */
  'system.progress': channel<{ work: ProgressRecord[] }>()(z.object({}).strict(), { access: 'public', readOnly: true }),
};
