import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import log from 'electron-log/node';
import { LOG_KEEP, LOG_MAX_BYTES, logFileFor } from '../app/logFiles';
import type { AppDb } from '../../db/open';
import { actorName } from '../app/context';
import { observeDispatch } from '../app/dispatch';
import { redact } from '../app/redact';

// The hosts' log (issue 19 part 4), with electron-log in its Node mode: the same code in the Electron main process,
// the web harness and the CLI (both plain Node). One file per database folder (main/app/logFiles.ts), rotated by
// size keeping LOG_KEEP older files, written synchronously (a crash still leaves its last line). Every message goes
// through `redact` first, so no password, RADIUS secret, session token or password hash reaches the file.

export interface HostLog {
  file: string;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Renames file → file.1 → … → file.KEEP, dropping the oldest (electron-log alone keeps one ".old" file). */
export function rotate(file: string, keep: number): void {
  const older = (n: number) => `${file}.${n}`;
  if (existsSync(older(keep))) rmSync(older(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) if (existsSync(older(n))) renameSync(older(n), older(n + 1));
  renameSync(file, older(1));
}

let instances = 0;

/**
 * A logger writing next to `dbFile`. `echo`: also to the console's stderr (the app and the harness; the CLI keeps its
 * output for its answers). `scope`: which host wrote the line (app, web, cli).
 */
export function startHostLog(opts: { dbFile: string; scope: string; echo?: boolean; maxBytes?: number; keep?: number }): HostLog {
  const file = logFileFor(opts.dbFile);
  mkdirSync(dirname(file), { recursive: true });
  const logger = log.create({ logId: `isp-${process.pid}-${++instances}` });
  const keep = opts.keep ?? LOG_KEEP;
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = opts.maxBytes ?? LOG_MAX_BYTES;
  logger.transports.file.archiveLogFn = (f) => rotate(f.toString(), keep);
  logger.transports.file.format = `[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] [${opts.scope} ${process.pid}] {text}`;
  logger.transports.console.level = opts.echo ? 'warn' : false;
  if (opts.echo) logger.transports.console.writeFn = ({ message }) => process.stderr.write(`${String(message.data.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))).join(' '))}\n`);
  // Remote / IPC transports are not used: the log stays on this machine.
  for (const name of ['ipc', 'remote']) {
    const t = (logger.transports as Record<string, { level: unknown } | null | undefined>)[name];
    if (t) t.level = false;
  }
  logger.hooks.push((message) => ({ ...message, data: message.data.map((d) => redact(d)) }));
  return {
    file,
    info: (...a) => logger.info(...a),
    warn: (...a) => logger.warn(...a),
    error: (...a) => logger.error(...a),
  };
}

/**
 * Logs the calls on `db`: an unexpected failure (INTERNAL) as an error with its input (redacted), every write that
 * went through as one info line (channel and who; no input, so no customer data lands in the log).
 */
export function logDispatch(db: AppDb, hostLog: HostLog): void {
  observeDispatch(db, (e) => {
    if (!e.result.ok && e.result.error.code === 'INTERNAL') hostLog.error(`${e.channel} failed:`, e.result.error.message, { input: e.input, by: actorName(e.actor) });
    else if (e.result.ok && e.writes) hostLog.info(`${e.channel} by ${actorName(e.actor)}`);
  });
}
