import type { UpgradeProgress } from '../../db/open';
import type { Result } from '../contract/errors';
import type { ProgressRecord, WorkKind } from '../contract/system';
import type { LocalBackendOptions } from './localCore';
import type { BackendEvent, CallRequest } from './types';

// The messages between the host thread (main/backend/local.ts) and its back-end worker threads (worker.ts).

export interface WorkerData {
  role: 'writer' | 'reader';
  opts: LocalBackendOptions;
  /** the TypeScript source to run (dev, tests: worker-bootstrap.mjs registers tsx first); absent in the bundled app */
  entry?: string;
  /** the writer's step gate: it waits on this word until the host lets the step go (null: no gate) */
  gate: Int32Array | null;
}

export type ToWorker =
  /** to the reader, once the writer has opened (and migrated) the file: whether it opened it read-only */
  | { type: 'open'; writerReadOnly: boolean }
  | { type: 'call'; id: number; req: CallRequest; progress?: ProgressRecord[] }
  | { type: 'close' };

export type FromWorker =
  | { type: 'opened'; readOnly: boolean; heldBy?: number }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: BackendEvent }
  | { type: 'caughtUp' }
  /** the writer is upgrading an existing file to this build's schema (before 'opened') */
  | { type: 'upgrade'; progress: UpgradeProgress }
  | { type: 'gate'; kind: WorkKind };
