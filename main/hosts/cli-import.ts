import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { dispatch } from '../app/dispatch';
import { importKind } from '../contract/imports';
import { registerCommand, UsageError } from './cli-commands';

// `npm run cli -- import customers|payments FILE --db DB [--dry-run]`: the wizard's import from the command line
// (docs/IMPORT.md). Prints the report as JSON — or the refusal of the whole file as the channel's error envelope —
// and exits 1 when any row (or the file) was refused, 0 otherwise (rows already imported are no refusal).

registerCommand({
  name: 'import',
  usage: 'import customers|payments FILE --db FILE [--dry-run]   import a CSV file, print the report as JSON (exit 1 when a row is refused)',
  options: { 'dry-run': { type: 'boolean' } },
  run(c) {
    const [kindArg, path] = c.args;
    const kind = importKind.safeParse(kindArg);
    if (!kind.success || !path || c.args.length > 2) throw new UsageError('import needs customers or payments, then the CSV file');
    let csv: string;
    try {
      csv = readFileSync(path, 'utf8');
    } catch (err) {
      c.io.err(`Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return 1;
    }
    const db = c.openDb();
    try {
      const res = dispatch(c.context(db), 'import.apply', { kind: kind.data, csv, fileName: basename(path), dryRun: c.values['dry-run'] === true });
      c.io.out(JSON.stringify(res.ok ? res.data : res, null, 2));
      return res.ok && res.data.totals.refused === 0 ? 0 : 1;
    } finally {
      db.close();
    }
  },
});
