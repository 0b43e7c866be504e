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
export type WorkKind = 'catchUp' | 'restore' | 'billingDay' | 'bulkApply' | 'import';

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

/** "Copy diagnostics" (main/app/diagnostics.ts): for support, never a secret. */
export interface Diagnostics {
  app: { name: string; version: string };
  os: { platform: string; release: string; arch: string };
  runtime: { node: string; electron: string | null; chrome: string | null };
  database: { schemaVersion: number; latestMigrationAt: string | null; sizeBytes: number; demo: boolean; readOnly: boolean; lastProcessedDay: string | null };
  businessDate: string;
  logFile: string | null;
  /** the newest error lines of the log, newest first, redacted */
  lastErrors: string[];
}

export const systemChannels = {
  'system.info': channel<SystemInfo>()(z.object({}).strict(), { access: 'any', readOnly: true }),
  'system.diagnostics': channel<Diagnostics & { text: string }>()(z.object({}).strict(), { readOnly: true }),
  /** long work under way (the start-up catch-up, a restore): polled by the renderer while it shows progress — before sign-in too (the catch-up runs at start) */
  'system.progress': channel<{ work: ProgressRecord[] }>()(z.object({}).strict(), { access: 'public', readOnly: true }),
};
