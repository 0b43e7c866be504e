import { dirname, join } from 'node:path';

// Where a host keeps its log (issue 19 part 4): a `logs` folder next to the database — for the Electron app that is
// its user-data folder (the database lives there), for the web harness and the CLI the database's own folder — so
// every process working on one file writes to the same place and "Copy diagnostics" finds its last errors.

export const LOG_FILE_NAME = 'isp-back-office.log';
/** rotation: a file grows to this size, then becomes .1 (the older ones shift up to .KEEP) */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 5;

export const logFolderFor = (dbFile: string): string => join(dirname(dbFile), 'logs');
export const logFileFor = (dbFile: string): string => join(logFolderFor(dbFile), LOG_FILE_NAME);
