import type { AppDb } from '../../db/open';
import type { Actor } from '../app/context';
import { fixedClock } from '../app/context';
import type { ImportSummary } from '../app/accounting/importer';
import { importAccounting } from '../app/sessions';
import { announceChange } from '../app/changes';

// The background import of RADIUS accounting (issue 17), shared by the Electron host and the web harness: at
// start-up and then once a minute, what the RADIUS server recorded for this database becomes sessions and daily
// traffic, and sessions that missed their interims are closed as stale. The import is idempotent, so a timer
// firing twice or a host restarted does no harm; a failure (the server holding its file locked) waits for the next tick.

export const ACCOUNTING_ACTOR: Actor = { kind: 'system', name: 'accounting import' };

export interface AccountingImportOptions {
  db: AppDb;
  today: () => string;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface AccountingImportTimer {
  importNow(): ImportSummary | null;
  stop(): void;
}

export function startAccountingImport(opts: AccountingImportOptions): AccountingImportTimer {
  let stopped = false;
  const importNow = (): ImportSummary | null => {
    if (stopped || !opts.db.sqlite.open) return null;
    try {
      const summary = importAccounting({ db: opts.db, clock: fixedClock(opts.today()), actor: ACCOUNTING_ACTOR });
      // who is online and the traffic graphs: screens refresh only when the import found something
      if (summary.read > 0 || summary.closedStale > 0) announceChange(opts.db, { areas: ['network'] });
      return summary;
    } catch (err) {
      (opts.onError ?? ((e) => console.error('accounting import:', e)))(err);
      return null;
    }
  };
  importNow();
  const timer = setInterval(importNow, opts.intervalMs ?? 60_000);
  timer.unref?.();
  return {
    importNow,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
