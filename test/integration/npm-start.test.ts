import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { descendantsOf, eventually, isRunning } from '../helpers/processes';

// `npm start` as a user runs it, in a copy of the project whose Electron package has never downloaded its binary
// (the copy's node_modules links to ours, except node_modules/electron, copied without dist/ and path.txt) — so the
// test behaves the same on a workstation where Electron is installed. No network is used: downloads go to a local
// mirror (ELECTRON_MIRROR) and the Electron cache is an empty folder.

const root = resolve(import.meta.dirname, '../..');
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
let project: string;

function fabricateProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'isp-npm-start-'));
  for (const entry of ['package.json', 'electron.vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json', 'main', 'preload', 'renderer', 'db', 'scripts'])
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === 'electron') continue;
    symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  cpSync(join(root, 'node_modules/electron'), join(dir, 'node_modules/electron'), {
    recursive: true,
    filter: (src) => !/[\\/]electron[\\/](dist|path\.txt)$/.test(src),
  });
  return dir;
}

function npmStart(env: Record<string, string | undefined>): { child: ChildProcess; output: () => string; exit: Promise<number | null>; exited: () => boolean } {
  const fullEnv: Record<string, string | undefined> = { ...process.env, electron_config_cache: join(project, '.electron-cache'), ELECTRON_GET_NO_PROGRESS: '1', ...env };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  const child = spawn('npm', ['start'], { cwd: project, env: fullEnv as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  let exited = false;
  const exit = new Promise<number | null>((ok) => child.on('close', (code) => ((exited = true), ok(code))));
  return { child, output: () => text, exit, exited: () => exited };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

beforeAll(() => {
  project = fabricateProject();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('npm start', () => {
  test('with ELECTRON_EXEC_PATH it builds the app and launches that binary on it — not on a dev server — and stops with npm', async () => {
    const record = join(project, 'stand-in.json');
    const standIn = join(project, 'stand-in-electron');
    // A stand-in for the Electron binary: records how it was started, then runs until it is told to stop.
    writeFileSync(
      standIn,
      `#!/usr/bin/env node
import fs from 'node:fs';
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env,
  built: ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].filter((f) => fs.existsSync(f)) }));
setInterval(() => {}, 1000);
`,
    );
    chmodSync(standIn, 0o755);
    expect(existsSync(join(project, 'out'))).toBe(false);

    // A dev-server address inherited from the environment must not reach the app.
    const run = npmStart({ ELECTRON_EXEC_PATH: standIn, ELECTRON_RENDERER_URL: 'http://localhost:5173', NODE_ENV_ELECTRON_VITE: 'development' });
    try {
      await eventually(() => existsSync(record) || run.exited(), 240_000);
      expect(existsSync(record), run.output()).toBe(true);
      const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string; env: Record<string, string>; built: string[] };
      expect(seen.argv).toEqual(['.']); // the project: package.json "main" → out/main/index.js
      expect(seen.cwd).toBe(project);
      expect(seen.built).toEqual(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']);
      expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).main).toBe('out/main/index.js');
      expect(seen.env.ELECTRON_RENDERER_URL).toBeUndefined();
      expect(seen.env.NODE_ENV_ELECTRON_VITE).toBe('production');
      expect(run.output()).not.toContain('Downloading Electron');

      // Stopped by the npm PID, as a process manager would: nothing may keep running, the "Electron" least of all.
      const started = descendantsOf(run.child.pid!);
      process.kill(run.child.pid!, 'SIGTERM');
      expect(await eventually(() => started.every((pid) => !isRunning(pid))), `left running: ${started.filter(isRunning)}`).toBe(true);
    } finally {
      killGroup(run.child);
    }
  }, 300_000);

  describe('without the Electron binary, the download is Electron’s own and a failure says what happened', () => {
    let mirror: http.Server;
    let mirrorUrl: string;
    const requested: string[] = [];
    beforeAll(async () => {
      // A mirror that answers every request with something that is not Electron.
      mirror = http.createServer((req, res) => {
        requested.push(req.url ?? '');
        res.end('this is not the Electron release');
      });
      await new Promise<void>((ok) => mirror.listen(0, '127.0.0.1', ok));
      mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((ok) => mirror.close(() => ok())));

    test('a download that does not match Electron’s checksum is refused: non-zero exit naming the download, why and how to retry', async () => {
      const run = npmStart({ ELECTRON_EXEC_PATH: undefined, ELECTRON_MIRROR: mirrorUrl });
      try {
        const code = await run.exit;
        const out = run.output();
        expect(code, out).not.toBe(0);
        expect(requested).toContain(`/v${electronVersion}/electron-v${electronVersion}-${process.platform}-${process.arch}.zip`);
        expect(out).toContain(`the Electron ${electronVersion} download failed`);
        expect(out).toMatch(/Why: .*checksum/);
        expect(out).toContain('run `npm start` again');
        expect(out).not.toContain('Electron uninstall');
        expect(existsSync(join(project, 'node_modules/electron/path.txt'))).toBe(false);
      } finally {
        killGroup(run.child);
      }
    }, 120_000);

    test('no network (nothing answers): the message gives the cause', async () => {
      const closed = await new Promise<number>((ok) => {
        const s = http.createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as AddressInfo).port;
          s.close(() => ok(port));
        });
      });
      const run = npmStart({ ELECTRON_EXEC_PATH: undefined, ELECTRON_MIRROR: `http://127.0.0.1:${closed}/` });
      try {
        const code = await run.exit;
        const out = run.output();
        expect(code, out).not.toBe(0);
        expect(out).toContain(`the Electron ${electronVersion} download failed`);
        expect(out).toMatch(new RegExp(`Why: cannot reach 127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
        expect(out).not.toContain('Electron uninstall');
      } finally {
        killGroup(run.child);
      }
    }, 120_000);
  });
});
