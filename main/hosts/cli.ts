import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sqliteErrorData } from '../app/dbErrors';
import { GLOBAL_OPTIONS, UsageError, commands, makeRun, type CommandIo } from './cli-commands';
import './cli-backup';
import './cli-days';
import './cli-import';
import './cli-pdf';
import './cli-radius';
import './cli-seed';
import './cli-staff';
import './cli-usage';

// `npm run cli -- <command> [args] --db FILE [--date YYYY-MM-DD]`. Exit codes: 0 ok, 1 failed, 2 usage.

export function usage(): string {
  const lines = [...commands.values()].map((c) => `  ${c.usage}`);
  return ['Usage: npm run cli -- <command> [arguments] --db FILE [--date YYYY-MM-DD]', '', 'Commands:', ...lines].join('\n');
}

export async function runCli(argv: string[], io: CommandIo = { out: console.log, err: console.error }): Promise<number> {
  const name = argv[0];
  const cmd = name ? commands.get(name) : undefined;
  if (!cmd) {
    io.err(name && name !== 'help' && !name.startsWith('-') ? `Unknown command: ${name}\n\n${usage()}` : usage());
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...cmd.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(`Usage: npm run cli -- ${cmd.usage}`);
      return 0;
    }
    return await cmd.run(makeRun(positionals, values, io));
  } catch (err) {
    // A rule of the database that refused a write (a day run, a seed) is told in words, not as SQLite's text.
    const message = sqliteErrorData(err)?.message ?? (err instanceof Error ? err.message : String(err));
    // parseArgs reports unknown/invalid options with codes ERR_PARSE_ARGS_*: those are usage errors too.
    const isUsage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(isUsage ? `${message}\n\nUsage: npm run cli -- ${cmd.usage}` : message);
    return isUsage ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
