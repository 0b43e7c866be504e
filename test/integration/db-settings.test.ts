import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { getAppState, setAppState } from '../../db/appState';
import { openDatabase, type AppDb } from '../../db/open';
import {
  builtinSettings,
  clearSetting,
  customerBillingTerms,
  resolveSettings,
  SETTINGS,
  SETTING_KEYS,
  settingOrigins,
  writeSetting,
} from '../../db/settings';

// Per-partner settings: the partner's own value, else the Default partner's, else the built-in default.

let db: AppDb;
let north: number;
beforeEach(() => {
  db = openDatabase(':memory:');
  north = Number(db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('North')`).run().lastInsertRowid);
});
afterEach(() => db.close());

describe('settings registry', () => {
  it('ignores a stored key this build no longer knows (portal.menu.documents, saved by an earlier build)', () => {
    db.sqlite.prepare(`INSERT INTO settings (partner_id, key, value) VALUES (1, 'portal.menu.documents', 'false')`).run();
    db.sqlite.prepare(`INSERT INTO settings (partner_id, key, value) VALUES (1, 'portal.menu.finance', 'false')`).run();
    const s = resolveSettings(db);
    expect(s['portal.menu.finance']).toBe(false);
    expect(Object.keys(s)).not.toContain('portal.menu.documents');
    expect(Object.keys(settingOrigins(db, 1))).toEqual([...SETTING_KEYS]);
  });

  it('has the scenario-format keys with their documented defaults', () => {
    const d = builtinSettings();
    expect(d['billing.day']).toBe(1);
    expect(d['billing.useCreationDate']).toBe(false);
    expect(d['billing.paymentDueDays']).toBe(15);
    expect(d['billing.blockingDays']).toBe(0);
    expect(d['billing.deactivationDays']).toBe(10);
    expect(d['billing.blockOnOneTimeInvoices']).toBe(false);
    expect(d['changePlan.refund']).toBe('unused');
    expect(d['changePlan.feeMoreExpensive']).toBe(0);
    expect(d['changePlan.feeLessExpensive']).toBe(0);
    expect(d['changePlan.invoice']).toBe('endOfActiveMonth');
    expect(d['changePlan.minimumInvoice']).toBe(0);
    expect(d['portal.menu.services']).toBe(true);
    for (const kind of ['internet', 'voice', 'custom'] as const) {
      expect(d[`portal.${kind}.requestChange`]).toBe(true);
      expect(d[`portal.${kind}.selfChange`]).toBe(false);
    }
  });

  it('every default passes its own schema', () => {
    for (const key of SETTING_KEYS) expect(SETTINGS[key].schema.safeParse(SETTINGS[key].default).success, key).toBe(true);
  });
});

describe('resolveSettings and settingOrigins', () => {
  it('falls back partner → Default → built-in and says where each value comes from', () => {
    writeSetting(db, 1, 'changePlan.feeLessExpensive', 3000);
    writeSetting(db, 1, 'changePlan.refund', 'none');
    writeSetting(db, north, 'changePlan.refund', 'unused');
    writeSetting(db, north, 'billing.day', 1); // same as Default's effective value

    const s = resolveSettings(db, north);
    expect(s['changePlan.refund']).toBe('unused'); // partner
    expect(s['changePlan.feeLessExpensive']).toBe(3000); // Default's row
    expect(s['changePlan.invoice']).toBe('endOfActiveMonth'); // built-in
    expect(resolveSettings(db)['changePlan.refund']).toBe('none');
    expectTypeOf(s['changePlan.refund']).toEqualTypeOf<'none' | 'unused'>();
    expectTypeOf(s['billing.blockingDays']).toEqualTypeOf<number | 'never'>();
    expectTypeOf(s['portal.voice.columns']).toEqualTypeOf<('id' | 'description' | 'plan' | 'price' | 'startDate' | 'invoicedUntil' | 'phone' | 'status')[]>();

    const o = settingOrigins(db, north);
    expect(o['changePlan.refund']).toEqual({ origin: 'partner', differsFromDefault: true });
    expect(o['billing.day']).toEqual({ origin: 'partner', differsFromDefault: false });
    expect(o['changePlan.feeLessExpensive']).toEqual({ origin: 'default', differsFromDefault: false });
    expect(o['changePlan.invoice']).toEqual({ origin: 'builtin', differsFromDefault: false });
    expect(settingOrigins(db, 1)['changePlan.refund']).toEqual({ origin: 'default', differsFromDefault: false });
  });

  it('resets a partner value back to Default', () => {
    writeSetting(db, north, 'billing.blockingDays', 'never');
    expect(resolveSettings(db, north)['billing.blockingDays']).toBe('never');
    clearSetting(db, north, 'billing.blockingDays');
    expect(resolveSettings(db, north)['billing.blockingDays']).toBe(0);
    expect(settingOrigins(db, north)['billing.blockingDays'].origin).toBe('builtin');
  });

  it('refuses invalid values before they reach the table', () => {
    expect(() => writeSetting(db, north, 'billing.day', 29)).toThrow();
    expect(() => writeSetting(db, north, 'changePlan.feeMoreExpensive', 2.5)).toThrow();
    expect(() => writeSetting(db, north, 'changePlan.invoice', 'tomorrow' as never)).toThrow();
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
  });

  it('reports a corrupt stored value instead of using it', () => {
    db.sqlite.prepare(`INSERT INTO settings (partner_id, key, value) VALUES (1, 'billing.day', '31')`).run();
    expect(() => resolveSettings(db, north)).toThrow(/billing\.day of partner #1/);
  });

  it('ignores keys this version does not know', () => {
    db.sqlite.prepare(`INSERT INTO settings (partner_id, key, value) VALUES (1, 'future.option', 'true')`).run();
    expect(resolveSettings(db)['billing.day']).toBe(1);
  });
});

describe('customerBillingTerms', () => {
  it('takes the customer columns over the partner settings and reads -1 as "never"', () => {
    const partner = { ...builtinSettings(), 'billing.day': 10, 'billing.deactivationDays': 'never' as const };
    const none = { billingDay: null, useCreationDate: null, paymentDueDays: null, blockingDays: null, deactivationDays: null, minimumBalance: null };
    expect(customerBillingTerms(none, partner)).toEqual({
      billingDay: 10,
      useCreationDate: false,
      paymentDueDays: 15,
      blockingDays: 0,
      deactivationDays: 'never',
      minimumBalance: 0,
    });
    expect(customerBillingTerms({ ...none, billingDay: 5, blockingDays: -1, deactivationDays: 3, minimumBalance: -5000 }, partner)).toMatchObject({
      billingDay: 5,
      blockingDays: 'never',
      deactivationDays: 3,
      minimumBalance: -5000,
    });
  });
});

describe('app state', () => {
  it('keeps the scheduler day, demo flag and training clock', () => {
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBeNull();
    setAppState(db, 'scheduler.lastProcessedDay', '2022-01-31');
    setAppState(db, 'scheduler.lastProcessedDay', '2022-02-01');
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-02-01');
    expect(getAppState(db, 'demo')).toBe(false);
    setAppState(db, 'demo', true);
    expect(getAppState(db, 'demo')).toBe(true);
    expect(() => setAppState(db, 'businessDateOverride', 'soon' as never)).toThrow();
  });
});
