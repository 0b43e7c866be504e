import { openDatabase } from '../../../db/open';
import { applyChunk } from '../../../main/app/bulk';

// Child process of bulk.test.ts: applies a chunk of a bulk batch and is killed (SIGKILL, no clean-up of any kind)
// inside the transaction of its `killAt`-th row — a power cut in the middle of an apply.
// argv: dbFile today batchId limit killAt

const [file, today, batchId, limit, killAt] = process.argv.slice(2);
const db = openDatabase(file);
applyChunk(
  { db, clock: { today: () => today }, actor: { kind: 'staff', name: 'crashing workstation' } },
  { batchId: Number(batchId), limit: Number(limit) },
  {
    beforeCommit: (_itemId, index) => {
      if (index === Number(killAt)) process.kill(process.pid, 'SIGKILL');
    },
  },
);
// Not reached when the kill happens.
process.stdout.write('finished without crashing\n');
