import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb } from './open';
import { appState } from './tables/partners';

// Global application state (not per partner), one JSON row per key in `app_state`.

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const APP_STATE = {
  /** The last business day whose start-of-day and end-of-day runs completed (decision 15). NULL: never run. */
  'scheduler.lastProcessedDay': { schema: isoDay.nullable(), default: null },
  /** The last business day whose start-of-day run completed (the scenario runner and the app run it before the day's work). */
  'scheduler.lastStartedDay': { schema: isoDay.nullable(), default: null },
  /** What the last day run did, for the business-clock display. */
  'scheduler.lastRun': {
    schema: z
      .object({
        from: isoDay.nullable(),
        to: isoDay.nullable(),
        days: z.number(),
        activated: z.number(),
        ended: z.number(),
        statusChanges: z.number(),
        invoices: z.number(),
        invoicedTotal: z.number(),
        blocked: z.number(),
        deactivated: z.number(),
      })
      .nullable(),
    default: null,
  },
  /** A demo / training database (shows the training clock). */
  demo: { schema: z.boolean(), default: false },
  /** The training clock: the business date a demo database pretends it is. NULL: the wall clock. */
  businessDateOverride: { schema: isoDay.nullable(), default: null },
  /** Backups (main/app/backup.ts): the folder (NULL: `<db dir>/backups`; relative: to the db's folder). */
  'backup.folder': { schema: z.string().min(1).max(4096).nullable(), default: null },
  /** Backups kept per kind (daily, manual, pre-migration, pre-restore) before the oldest are deleted. */
  'backup.keep': { schema: z.number().int().min(1).max(3650), default: 14 },
  /** The calendar day of the last automatic daily backup: one per day, whatever restarts. */
  'backup.lastDaily': { schema: isoDay.nullable(), default: null },
  /** RADIUS accounting import (main/app/accounting): the highest radacct row id already read from the server's file. */
  'accounting.lastRadacctId': { schema: z.number().int().min(0), default: 0 },
  /** Base64 PAP values FreeRADIUS would misread as hex were rewritten in hex form, once (db/papHexRepair.ts). */
  'network.papHexRepaired': { schema: z.boolean(), default: false },
} as const;

export type AppStateKey = keyof typeof APP_STATE;
export type AppStateValue<K extends AppStateKey> = z.output<(typeof APP_STATE)[K]['schema']>;

export function getAppState<K extends AppStateKey>(db: Pick<AppDb, 'orm'>, key: K): AppStateValue<K> {
  const row = db.orm.select().from(appState).where(eq(appState.key, key)).get();
  if (!row) return APP_STATE[key].default as AppStateValue<K>;
  return APP_STATE[key].schema.parse(JSON.parse(row.value)) as AppStateValue<K>;
}

export function setAppState<K extends AppStateKey>(db: Pick<AppDb, 'orm'>, key: K, value: AppStateValue<K>): void {
  const json = JSON.stringify(APP_STATE[key].schema.parse(value));
  db.orm.insert(appState).values({ key, value: json }).onConflictDoUpdate({ target: appState.key, set: { value: json } }).run();
}
