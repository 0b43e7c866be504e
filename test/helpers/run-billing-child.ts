import { openDatabase } from '../../db/open';
import { runCrashWork } from './crashWork';

// Child process of the crash-safety test: `node --import tsx run-billing-child.ts <db file> <batch id>`.
// Prints "ready" once the database is open (the parent starts its kill timer then), "step …" after each
// committed step and "done" at the end. The parent kills it with SIGKILL at a random moment.

const [file, batch] = process.argv.slice(2);
if (!file || !batch) {
  console.error('usage: run-billing-child.ts <db file> <batch id>');
  process.exit(2);
}
const db = openDatabase(file);
process.stdout.write('ready\n');
runCrashWork(db, Number(batch), (step) => process.stdout.write(`step ${step}\n`));
db.close();
process.stdout.write('done\n');
