import { parentPort, workerData } from 'node:worker_threads';
import { setStepGate, setSyncStepGate } from '../app/progress';
import type { WorkKind } from '../contract/system';
import { openReader, openWriter, type ReaderCore, type WriterCore } from './localCore';
import type { FromWorker, ToWorker, WorkerData } from './workerProtocol';

// A back-end worker thread (main/backend/local.ts starts two): the writer owns the database file and its timers and
// runs every write; the reader answers read-only channels on its own connection. Each answers its calls one by one,
// in order; the writer's long work yields between steps (catch-up, restore), so calls are answered between them.

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: FromWorker) => port.postMessage(m);

type Core = { call: (m: Extract<ToWorker, { type: 'call' }>) => unknown; close: () => Promise<void> };

function startReader(writerReadOnly: boolean): Core {
  const reader: ReaderCore = openReader(data.opts, writerReadOnly);
  post({ type: 'opened', readOnly: Boolean(reader.db.readOnly) });
  return { call: (m) => reader.call(m.req, m.progress), close: async () => reader.close() };
}

function startWriter(): Core {
  // Events are posted at once: the host hears them while this thread goes on with the work.
  const writer: WriterCore = openWriter(
    data.opts,
    (event) => post({ type: 'event', event }),
    (progress) => post({ type: 'upgrade', progress }),
  );
  const word = data.gate;
  if (word) {
    // Blocks this thread (a billing day cannot yield: it is one transaction) until the host's gate lets it go.
    const hold = (kind: WorkKind) => {
      const seen = Atomics.load(word, 0);
      post({ type: 'gate', kind });
      Atomics.wait(word, 0, seen);
    };
    setSyncStepGate(writer.db, hold);
    setStepGate(writer.db, async (kind) => hold(kind));
  }
  post({ type: 'opened', readOnly: Boolean(writer.db.readOnly), ...(writer.db.heldBy !== undefined ? { heldBy: writer.db.heldBy } : {}) });
  void writer.ready.then(() => post({ type: 'caughtUp' }));
  return { call: (m) => writer.call(m.req), close: () => writer.close() };
}

/** Opening failed: the host hears why and ends this thread. */
function failed(err: unknown): never {
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  throw err;
}

// The writer opens at once; the reader (started at the same time, so both load their code together) opens when the
// host says the writer has migrated the file.
let core: Core | null = null;
if (data.role === 'writer')
  try {
    core = startWriter();
  } catch (err) {
    failed(err);
  }

port.on('message', (m: ToWorker) => {
  if (m.type === 'open') {
    try {
      core = startReader(m.writerReadOnly);
    } catch (err) {
      failed(err);
    }
    return;
  }
  if (m.type === 'close') {
    void (core?.close() ?? Promise.resolve())
      .catch(() => undefined)
      .finally(() => process.exit(0));
    return;
  }
  if (!core) return post({ type: 'result', id: m.id, result: { ok: false, error: { code: 'INTERNAL', message: 'Internal error: the back end is not open yet' } } });
  const result = core.call(m);
  try {
    post({ type: 'result', id: m.id, result } as FromWorker);
  } catch (err) {
    // an answer that cannot cross to the host (not plain data) is a fault of ours, answered as one
    post({ type: 'result', id: m.id, result: { ok: false, error: { code: 'INTERNAL', message: `Internal error: the answer could not be sent (${err instanceof Error ? err.message : String(err)})` } } });
  }
});
