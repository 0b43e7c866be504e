import { runCli } from './cli-commands';
import './cli-backup';
import './cli-days';
import './cli-import';
import './cli-pdf';
import './cli-radius';
import './cli-seed';
import './cli-staff';
import './cli-usage';
import { isMain } from './runMain';

// `npm run cli -- <command> [args] --db FILE [--date YYYY-MM-DD]`. Exit codes: 0 ok, 1 failed, 2 usage. Every
// command registered, then run through main/hosts/cli-commands.ts (a command run alone, e.g. cli-seed.ts by the
// benchmark, loads only its own module).

export { runCli, usage } from './cli-commands';

if (isMain(import.meta.url)) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
