import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, pendingUpgrade, SCHEMA_VERSION, type UpgradeProgress } from '../../db/open';
import { createLocalBackend } from '../../main/backend/local';
import type { SeatStatus } from '../../main/contract/seat';
import { startSeat } from '../../main/shell/seat';
import { writeSeatFile } from '../../main/shell/seatConfig';
import { makeOldSchemaFile } from '../helpers/oldSchema';
import { tempDir } from './dbFixtures';

// The first start after an update upgrades the file (minutes with years of history): the host hears each step and the
// window shows it (host.seat.status → SeatGate), from its very first question.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const FROM = SCHEMA_VERSION - 2;
const oldFile = (name: string) => {
  const file = join(tmp.dir, name);
  makeOldSchemaFile(file, FROM, (db) => db.exec("INSERT INTO customers (name, status, partner_id, created_on) VALUES ('Kept', 'active', 1, '2021-01-01')"));
  return file;
};

describe('upgrading an existing database', () => {
  it('is reported step by step (copy kept, each migration, statistics); a new file and an up-to-date file report nothing', () => {
    const file = oldFile('old.sqlite');
    expect(pendingUpgrade(file)).toEqual({ from: FROM, to: SCHEMA_VERSION });
    const heard: UpgradeProgress[] = [];
    openDatabase(file, { onUpgrade: (p) => heard.push(p) }).close();
    const at = { from: FROM, to: SCHEMA_VERSION, steps: 2 };
    expect(heard).toEqual([
      { ...at, phase: 'backup', step: 0 },
      { ...at, phase: 'migrating', step: 1 },
      { ...at, phase: 'migrating', step: 2 },
      { ...at, phase: 'statistics', step: 2 },
    ]);
    expect(pendingUpgrade(file)).toBeNull();
    const again: UpgradeProgress[] = [];
    openDatabase(file, { onUpgrade: (p) => again.push(p) }).close();
    expect(again).toEqual([]);

    const fresh = join(tmp.dir, 'new.sqlite');
    expect(pendingUpgrade(fresh)).toBeNull();
    const created: UpgradeProgress[] = [];
    openDatabase(fresh, { onUpgrade: (p) => created.push(p) }).close();
    expect(created).toEqual([]);
  });

  it('a seat on this computer answers "upgrading" from its first status until the back end (worker threads) is open', async () => {
    const dir = join(tmp.dir, 'seat');
    const configFile = join(dir, 'seat.json');
    writeSeatFile(configFile, { use: 'local' });
    const dbFile = oldFile('seat.sqlite');
    const phases: string[] = [];
    const seat = startSeat({
      configFile,
      localDatabaseFile: dbFile,
      openLocal: (onUpgrade) =>
        createLocalBackend(
          { dbFile, mode: 'worker', businessDate: '2025-07-02', staffAuth: false, implicitStaff: { kind: 'staff', name: 'test' } },
          {
            onUpgrade: (p) => {
              phases.push(`${p.phase} ${p.step}/${p.steps}`);
              onUpgrade(p);
            },
          },
        ),
    });
    try {
      const first: SeatStatus = seat.status();
      expect(first).toEqual({ mode: 'local', upgrading: { from: FROM, to: SCHEMA_VERSION, phase: 'starting', step: 0, steps: 2 } });
      await seat.ready;
      // heard from the writer thread while it worked
      expect(phases).toEqual(['backup 0/2', 'migrating 1/2', 'migrating 2/2', 'statistics 2/2']);
      expect(seat.status()).toEqual({ mode: 'local' });
      const res = await seat.call({ channel: 'customers.list', input: {}, source: 'test' });
      expect(res.ok && (res.data as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['Kept']);
    } finally {
      await seat.close();
    }
  }, 60_000);
});
