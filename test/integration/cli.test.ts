import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the real CLI as a child process through tsx, the way `npm run cli` does (same Node as the tests: npx would
// add its own start-up time and warnings).

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'isp-cli-'));
const db = join(dir, 'cli.sqlite');

function cli(...args: string[]) {
  const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
  const r = spawnSync(process.execPath, [tsx, 'main/hosts/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli', () => {
  it('init creates the database', () => {
    const r = cli('init', '--db', db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });

  it('call prints the envelope; exit 0 when ok, 1 when not', () => {
    const ok = cli('call', 'system.info', '{}', '--db', db, '--date', '2024-02-29');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, data: { businessDate: '2024-02-29' } });

    const bad = cli('call', 'system.info', '{"x":1}', '--db', db);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const unknown = cli('call', 'no.such', '{}', '--db', db);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out).error.code).toBe('UNKNOWN_CHANNEL');

    const notJson = cli('call', 'system.info', '{nope', '--db', db);
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.out).error.code).toBe('BAD_REQUEST');
  });

  it('usage errors exit 2', () => {
    const unknown = cli('frobnicate', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command: frobnicate');
    expect(unknown.err).toContain('Commands:');
    expect(cli().code).toBe(2);
    expect(cli('call', 'system.info', '{}').code).toBe(2); // no --db
    expect(cli('call', 'system.info', '{}', '--db', db, '--date', '2024-02-30').code).toBe(2);
    expect(cli('init', '--db', db, '--bogus').code).toBe(2);
  });
});
