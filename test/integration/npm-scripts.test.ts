import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { lockFileOf } from '../../db/lock';
import { descendantsOf, eventually, isRunning } from '../helpers/processes';

// The npm scripts as a user runs them: long-running ones stop with npm, and `npm test` first checks the system
// programs it needs.

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'isp-npm-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('stopping a long-running script by the npm PID', () => {
  test('npm run web: SIGTERM to npm leaves no process behind, and the harness closes its database', async () => {
    const db = join(dir, 'web.sqlite');
    // Its own process group, so whatever happens the test can clean up exactly what it started.
    const npm = spawn('npm', ['run', 'web', '--', '--db', db, '--port', '0', '--no-auth'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (b: Buffer) => (output += b.toString()));
    npm.stderr.on('data', (b: Buffer) => (output += b.toString()));
    try {
      expect(await eventually(() => /web harness: http:\/\/127\.0\.0\.1:\d+\//.test(output), 60_000), output).toBe(true);
      const started = descendantsOf(npm.pid!);
      expect(started.length).toBeGreaterThan(0); // the shell npm runs the script with, and the harness below it
      expect(existsSync(lockFileOf(db))).toBe(true);

      process.kill(npm.pid!, 'SIGTERM');

      expect(await eventually(() => started.every((pid) => !isRunning(pid))), `left running: ${started.filter(isRunning)}`).toBe(true);
      // stopped through its own SIGTERM handler: the database was closed and its instance lock released
      expect(existsSync(lockFileOf(db))).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // the whole group is already gone
      }
    }
  }, 120_000);
});

describe('the prerequisite check run first by npm test', () => {
  const check = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, 'scripts/check-prereqs.mjs')], { env: { ...process.env, ...env }, encoding: 'utf8' });

  test('names every missing program in one line with the command that installs them, and fails', () => {
    const r = check({ CHROMIUM_PATH: join(dir, 'no-chromium'), FREERADIUS_PATH: join(dir, 'no-freeradius'), RADCLIENT_PATH: join(dir, 'no-radclient') });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Chromium');
    expect(lines[0]).toContain('FreeRADIUS');
    expect(lines[0]).toContain('radclient');
    expect(lines[0]).toContain('apt-get install -y chromium freeradius freeradius-utils');
  });

  test('names only what is missing', () => {
    const r = check({ CHROMIUM_PATH: process.execPath, FREERADIUS_PATH: process.execPath, RADCLIENT_PATH: join(dir, 'no-radclient') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('radclient');
    expect(r.stderr).not.toContain('Chromium (');
    expect(r.stderr).not.toContain('FreeRADIUS (');
  });

  test('passes silently when every program is there', () => {
    const r = check({ CHROMIUM_PATH: process.execPath, FREERADIUS_PATH: process.execPath, RADCLIENT_PATH: process.execPath });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
