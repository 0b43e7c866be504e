import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { sqliteErrorData } from '../app/dbErrors';
import { openDatabase, type AppDb } from '../../db/open';
import type { AppContext } from '../app/context';
import { fixedClock } from '../app/context';
import { dispatch } from '../app/dispatch';
import { logDispatch, startHostLog } from './log';
import type { Result } from '../contract/errors';
import { hostBusinessDate, parseBusinessDate, staffActor } from './boundary';

// The CLI's command table. To add a command (run-days, scenario, seed, backup…): write it in its own module as a
// `Command` and add it to COMMANDS below (or call registerCommand before runCli). main/hosts/cli.ts only parses
// the command line and looks commands up here.

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandRun {
  /** positional arguments after the command name */
  args: string[];
  /** parsed options: the global ones (--db, --date) plus the command's own */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  io: CommandIo;
  /** opens (and migrates) the --db file; throws a UsageError when --db is missing */
  openDb(): AppDb;
  /** --date if given, else the database's demo date or the wall-clock date (see hostBusinessDate) */
  businessDate(db: AppDb): string;
  /** a staff context on `db` with the business date above */
  context(db: AppDb): AppContext;
}

export interface Command {
  name: string;
  /** one line for the usage text, e.g. "call <channel> '<json>'   call a channel and print the envelope" */
  usage: string;
  options?: ParseArgsOptionsConfig;
  /** returns the exit code: 0 ok, 1 the operation failed, 2 usage error */
  run(c: CommandRun): number | Promise<number>;
}

/** Thrown for a wrong command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

export const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  db: { type: 'string' },
  date: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const commands = new Map<string, Command>();

export function registerCommand(cmd: Command): void {
  if (commands.has(cmd.name)) throw new Error(`CLI command ${cmd.name} registered twice`);
  commands.set(cmd.name, cmd);
}

export function makeRun(args: string[], values: CommandRun['values'], io: CommandIo): CommandRun {
  let date: string | undefined;
  if (typeof values.date === 'string') {
    try {
      date = parseBusinessDate(values.date); // checked before any command runs, so a typo never touches the db
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const businessDate = (db: AppDb) => date ?? hostBusinessDate(db);
  return {
    args,
    values,
    io,
    openDb() {
      if (typeof values.db !== 'string' || values.db === '') throw new UsageError('--db FILE is required');
      const db = openDatabase(values.db);
      // The CLI logs next to the database like the app and the harness (its own output stays for its answers).
      logDispatch(db, startHostLog({ dbFile: values.db, scope: 'cli' }));
      return db;
    },
    businessDate,
    context: (db) => ({ db, clock: fixedClock(businessDate(db)), actor: staffActor(), source: 'cli' }),
  };
}

const init: Command = {
  name: 'init',
  usage: 'init --db FILE                       create the database file (or migrate it to the current schema)',
  run(c) {
    const db = c.openDb();
    try {
      c.io.out(`Database ready: ${db.file}`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const call: Command = {
  name: 'call',
  usage: "call <channel> ['<json>'] --db FILE  call a channel, print the envelope as JSON (exit 1 when ok:false)",
  run(c) {
    const [channel, json] = c.args;
    if (!channel || c.args.length > 2) throw new UsageError("call needs <channel> and optionally '<json input>'");
    let input: unknown = {};
    if (json !== undefined) {
      try {
        input = JSON.parse(json);
      } catch {
        const res: Result<never> = { ok: false, error: { code: 'BAD_REQUEST', message: 'Input is not valid JSON' } };
        c.io.out(JSON.stringify(res, null, 2));
        return 1;
      }
    }
    const db = c.openDb();
    try {
      const res = dispatch(c.context(db), channel, input);
      c.io.out(JSON.stringify(res, null, 2));
      return res.ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
};

const COMMANDS: Command[] = [init, call];
for (const cmd of COMMANDS) registerCommand(cmd);

/** The usage text of the commands registered. */
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
