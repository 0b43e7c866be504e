import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../db/open';
import { observeDispatch } from '../../main/app/dispatch';
import { logFileFor } from '../../main/app/logFiles';
import { runCli } from '../../main/hosts/cli';
import { logDispatch, startHostLog } from '../../main/hosts/log';
import { readFileSync as readText } from 'node:fs';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 19 part 4: the hosts log next to the database, rotated by size, secrets redacted; "Copy diagnostics" tells
// support the versions, the schema, the database size and the last errors — and no secret.

const pkg = JSON.parse(readText(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
let fx: AppFixture | undefined;
afterEach(() => {
  if (fx) observeDispatch(fx.db, null);
  fx?.close();
  fx = undefined;
});

const SECRETS = ['R4diusS3cret!', 'hunter2-Pass', 'scrypt$16384$8$1$c2FsdA$aGFzaA'];

describe('host log', () => {
  it('rotates by size, keeping a few older files, and never writes a secret', () => {
    fx = createAppFixture();
    const log = startHostLog({ dbFile: fx.file, scope: 'test', maxBytes: 4000, keep: 3 });
    expect(log.file).toBe(logFileFor(fx.file));
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { router: { secret: SECRETS[0] }, staff: { password: SECRETS[1], hash: SECRETS[2] } }, `--secret ${SECRETS[0]}`);
    const files = [log.file, `${log.file}.1`, `${log.file}.2`, `${log.file}.3`];
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(existsSync(`${log.file}.4`)).toBe(false);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text.length).toBeLessThan(4000 + 1000);
      for (const s of SECRETS) expect(text).not.toContain(s);
    }
    expect(readFileSync(log.file, 'utf8')).toContain('line 199');
    expect(readFileSync(`${log.file}.1`, 'utf8')).not.toContain('line 199');
  });

  it('records writes and unexpected failures of dispatch, without their secrets', () => {
    fx = createAppFixture();
    const log = startHostLog({ dbFile: fx.file, scope: 'test' });
    logDispatch(fx.db, log);
    fx.call('routers.save', { title: 'Core', nasIp: '10.0.0.1', authMethod: 'pppRadius', secret: SECRETS[0] });
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain('routers.save by tester');
    expect(text).not.toContain(SECRETS[0]);
  });

  it('the CLI logs next to the database', async () => {
    fx = createAppFixture();
    const out: string[] = [];
    const code = await runCli(['call', 'customers.create', JSON.stringify({ name: 'Logged Customer', status: 'active' }), '--db', fx.file], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(0);
    expect(readFileSync(logFileFor(fx.file), 'utf8')).toMatch(/\[info\]\s+\[cli \d+\] customers\.create by /);
  });
});

describe('system.diagnostics', () => {
  it('tells version, OS, runtime, schema, database size and the last errors — and no secret', () => {
    fx = createAppFixture();
    const log = startHostLog({ dbFile: fx.file, scope: 'test' });
    fx.call('routers.save', { title: 'Core', nasIp: '10.0.0.1', authMethod: 'pppRadius', secret: SECRETS[0] });
    fx.call('staff.create', { name: 'anna', role: 'finance', password: SECRETS[1] } as never);
    log.error('first failure', new Error(`boom with password=${SECRETS[1]}`));
    log.error('second failure', { input: { secret: SECRETS[0] } });
    const d = fx.call('system.diagnostics', {});
    expect(d.app.version).toBe(pkg.version);
    expect(d.os.platform).toBe(process.platform);
    expect(d.runtime.node).toBe(process.versions.node);
    expect(d.database.schemaVersion).toBe(SCHEMA_VERSION);
    expect(d.database.latestMigrationAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(d.database.sizeBytes).toBeGreaterThan(10_000);
    expect(d.logFile).toBe(logFileFor(fx.file));
    expect(d.lastErrors).toHaveLength(2);
    expect(d.lastErrors[0]).toContain('second failure');
    expect(d.lastErrors[1]).toContain('first failure');
    expect(d.text).toContain(`Schema version: ${SCHEMA_VERSION}`);
    expect(d.text).toContain(`ISP Back Office ${pkg.version}`);
    const all = JSON.stringify(d);
    for (const s of SECRETS) expect(all).not.toContain(s);
  });

  it('is for staff only', () => {
    fx = createAppFixture();
    expect(fx.refuse('system.diagnostics', {}, fx.as({ kind: 'anonymous' })).code).toBe('FORBIDDEN');
  });
});
