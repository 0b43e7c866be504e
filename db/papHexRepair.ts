import type Database from 'better-sqlite3';
import { settleNetworkChanges } from './networkAnswers';

// FreeRADIUS reads SSHA2-512-Password as octets: a value starting "0x" is taken for hex. A base64 value that happens to
// start "0x" (one salt in 2 048, before papSsha512 drew such salts again) therefore never decodes and that customer's
// PAP login is always rejected. The same octets written as hex ARE what FreeRADIUS expects, so such a value is
// rewritten once, losslessly, as "0x" + hex — no password needed — and the customers' answers are settled in the same
// transaction (the customers trigger marks their logins). Done once per file (app_state flag): a scan of 100k
// customers at every start would cost more than it finds.

const FLAG = 'network.papHexRepaired';
/** A value already in hex form: "0x" + 2 × (64-byte digest + salt) hex digits (a base64 value is far shorter). */
const HEX_FORM = /^0x(?:[0-9a-f]{2}){65,}$/i;

/** Whether a stored SSHA2-512 value is in the hex form (FreeRADIUS's reading, and ours in verifyPapSsha512). */
export const isPapHexForm = (value: string): boolean => HEX_FORM.test(value);

/** The hex form of a base64 SSHA2-512 value that starts "0x", or null when the value needs nothing. */
export function papHexForm(value: string): string | null {
  if (!/^0x/i.test(value) || isPapHexForm(value)) return null;
  return `0x${Buffer.from(value, 'base64').toString('hex')}`;
}

/** Rewrites the values FreeRADIUS would misread, once per database file. Returns how many were rewritten. */
export function repairHexLookingPapValues(sqlite: Database.Database): number {
  const done = sqlite.prepare(`SELECT 1 FROM app_state WHERE key = ?`).get(FLAG);
  if (done) return 0;
  return sqlite
    .transaction(() => {
      const rows = sqlite.prepare(`SELECT id, pap_password_ssha512 AS pap FROM customers WHERE pap_password_ssha512 LIKE '0x%'`).all() as { id: number; pap: string }[];
      let n = 0;
      const update = sqlite.prepare(`UPDATE customers SET pap_password_ssha512 = ? WHERE id = ?`);
      for (const r of rows) {
        const hex = papHexForm(r.pap);
        if (hex) (update.run(hex, r.id), n++);
      }
      sqlite.prepare(`INSERT INTO app_state (key, value) VALUES (?, 'true')`).run(FLAG);
      settleNetworkChanges(sqlite);
      return n;
    })
    .immediate();
}
