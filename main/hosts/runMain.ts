import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module of `moduleUrl` (its import.meta.url) is the file node was started with, not one a test or a host imports. */
export const isMain = (moduleUrl: string): boolean => !!process.argv[1] && moduleUrl === pathToFileURL(resolve(process.argv[1])).href;

/**
 * Runs a host's `main` when its file is the one node was started with (`npm run web|serve|…`), not when a test or
 * another host imports it. A failure is one line on stderr and exit code 2, never a stack trace for staff.
 */
export function runWhenMain(moduleUrl: string, main: (argv: string[]) => Promise<unknown>): void {
  if (!isMain(moduleUrl)) return;
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
