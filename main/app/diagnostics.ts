import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { getAppState } from '../../db/appState';
import { SCHEMA_VERSION } from '../../db/open';
import type { Diagnostics } from '../contract/system';
import type { AppContext } from './context';
import { LOG_KEEP, logFileFor } from './logFiles';
import { redactText } from './redact';
import { one } from './sql';

// "Copy diagnostics" (issue 19 part 4): what support needs to know about this installation — versions, OS, the
// schema, the database's size, the last errors of the log — and nothing secret: no settings, no customer data, and
// the log lines are redacted again on the way out.

export const LAST_ERRORS = 20;
const ERROR_LINE = /^\[[\d-]+ [\d:.]+\] \[error\]\s/;

/** The newest `n` error lines of the log next to `dbFile` (current file first, then the rotated ones). */
export function lastErrors(dbFile: string, n = LAST_ERRORS): string[] {
  const file = logFileFor(dbFile);
  const found: string[] = [];
  for (let k = 0; k <= LOG_KEEP && found.length < n; k++) {
    const path = k === 0 ? file : `${file}.${k}`;
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => ERROR_LINE.test(l));
    for (let i = lines.length - 1; i >= 0 && found.length < n; i--) found.push(redactText(lines[i]).slice(0, 500));
  }
  return found;
}

/**
 * The application's version from its package.json, found upwards from this module: main/app in the source tree
 * (CLI, harness, tests), out/main inside the app's asar once built (Electron reads files in the asar).
 */
export function appVersion(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'isp-back-office' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

export function diagnostics(ctx: AppContext): Diagnostics {
  const file = ctx.db.file;
  const latest = one<{ hash: string; created_at: number }>(ctx.db, 'SELECT hash, created_at FROM "__drizzle_migrations" ORDER BY id DESC LIMIT 1');
  const real = file !== ':memory:' && file !== '';
  return {
    app: { name: 'ISP Back Office', version: appVersion() },
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    runtime: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
    database: {
      schemaVersion: SCHEMA_VERSION,
      latestMigrationAt: latest ? new Date(Number(latest.created_at)).toISOString() : null,
      sizeBytes: real ? sizeOf(file) + sizeOf(`${file}-wal`) : 0,
      demo: getAppState(ctx.db, 'demo'),
      readOnly: Boolean(ctx.db.readOnly),
      lastProcessedDay: getAppState(ctx.db, 'scheduler.lastProcessedDay'),
    },
    businessDate: ctx.clock.today(),
    logFile: real ? logFileFor(file) : null,
    lastErrors: real ? lastErrors(file) : [],
  };
}

/** The same as text to paste into a support request. */
export function diagnosticsText(d: Diagnostics): string {
  return [
    `${d.app.name} ${d.app.version}`,
    `OS: ${d.os.platform} ${d.os.release} (${d.os.arch})`,
    `Node ${d.runtime.node}${d.runtime.electron ? `, Electron ${d.runtime.electron}, Chromium ${d.runtime.chrome}` : ''}`,
    `Schema version: ${d.database.schemaVersion} (latest migration ${d.database.latestMigrationAt ?? 'none'})`,
    `Database size: ${d.database.sizeBytes} bytes${d.database.demo ? ', demo database' : ''}${d.database.readOnly ? ', read-only' : ''}`,
    `Business date: ${d.businessDate}; last processed day: ${d.database.lastProcessedDay ?? 'none'}`,
    `Log file: ${d.logFile ?? 'none'}`,
    `Last errors (${d.lastErrors.length}):`,
    ...d.lastErrors.map((l) => `  ${l}`),
  ].join('\n');
}
