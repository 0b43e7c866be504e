import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// `npm run dist` without the Electron download (impossible here): electron-builder packages the real build into an
// unpacked Linux app (`--dir`) around a stand-in Electron distribution (`electronDist`). The stand-in "binary" carries
// Electron's fuse wire (sentinel, version, length, one byte per fuse, with Electron's defaults), so electron-builder's
// own fuse step (@electron/fuses) flips it exactly as it does in the real binary, and the test reads the result.

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; main: string; devDependencies: Record<string, string> };
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// FuseV1 order: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
// EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges
const FUSES = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'];
const ELECTRON_DEFAULT_WIRE = '10110001';

let work: string;
let appDir: string;
type AsarEntry = { unpacked: boolean; offset: number; size: number };
let asarFiles: Map<string, AsarEntry>;
let asarBytes: Buffer;
let builder: ReturnType<typeof spawnSync>;

/**
 * The files of an asar archive. Layout: UInt32 4, UInt32 header size, then the header (a pickled JSON tree of files,
 * each with offset and size into the data that follows it; `unpacked` ones are stored in app.asar.unpacked).
 */
function readAsar(buf: Buffer): Map<string, AsarEntry> {
  const json = buf.subarray(16, 16 + buf.readUInt32LE(12)).toString('utf8');
  const dataStart = 8 + buf.readUInt32LE(4);
  type Node = { files?: Record<string, Node>; unpacked?: boolean; offset?: string; size?: number };
  const files = new Map<string, AsarEntry>();
  const walk = (node: Node, prefix: string) => {
    for (const [name, entry] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (entry.files) walk(entry, path);
      else files.set(path, { unpacked: entry.unpacked === true, offset: dataStart + Number(entry.offset ?? 0), size: entry.size ?? 0 });
    }
  };
  walk(JSON.parse(json) as Node, '');
  return files;
}

const asarText = (path: string) => {
  const entry = asarFiles.get(path)!;
  return asarBytes.subarray(entry.offset, entry.offset + entry.size).toString('utf8');
};

function fuseWire(binary: string): Record<string, string> {
  const buf = readFileSync(binary);
  const at = buf.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = buf[at + 1]!;
  return Object.fromEntries(FUSES.slice(0, length).map((name, i) => [name, String.fromCharCode(buf[at + 2 + i]!)]));
}


describe.skipIf(process.platform !== 'linux')('the packaged app (electron-builder --dir around a stand-in Electron)', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'isp-packaging-'));
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);

    const dist = join(work, 'electron-dist');
    mkdirSync(join(dist, 'resources'), { recursive: true });
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\n# stand-in for Electron ${FUSE_SENTINEL}\x01${String.fromCharCode(ELECTRON_DEFAULT_WIRE.length)}${ELECTRON_DEFAULT_WIRE}\nexit 0\n`, 'latin1');
    chmodSync(join(dist, 'electron'), 0o755);
    writeFileSync(join(dist, 'version'), JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version);
    writeFileSync(join(dist, 'LICENSE'), 'stand-in');

    builder = spawnSync(
      process.execPath,
      [join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', `-c.electronDist=${dist}`, `-c.directories.output=${join(work, 'out')}`],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } },
    );
    appDir = readdirSync(join(work, 'out'))
      .map((d) => join(work, 'out', d))
      .find((d) => d.endsWith('-unpacked'))!;
    asarBytes = appDir && existsSync(join(appDir, 'resources/app.asar')) ? readFileSync(join(appDir, 'resources/app.asar')) : Buffer.alloc(0);
    asarFiles = asarBytes.length > 0 ? readAsar(asarBytes) : new Map();
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('electron-builder succeeds with the project configuration', () => {
    expect(builder.status, `${builder.stdout}\n${builder.stderr}`).toBe(0);
    expect(existsSync(join(appDir, pkg.name))).toBe(true); // the executable, named after the package
  });

  test('app.asar holds the built main, preload and renderer, and package.json with this version', () => {
    for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(asarFiles.has(file), file).toBe(true);
    expect([...asarFiles.keys()].some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    const shippedPkg = JSON.parse(asarText('package.json')) as { version: string; main: string };
    expect(shippedPkg.version).toBe(pkg.version);
    expect(shippedPkg.main).toBe(pkg.main);
    expect(asarText('out/main/index.js')).toContain('requestSingleInstanceLock');
    // nothing from the sources or the tests
    expect([...asarFiles.keys()].filter((f) => /^(main|renderer\/src|test|scripts|bench)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  test('the SQL migrations are inside the asar, every one of them, where db/open.ts looks (app.asar/db/migrations)', () => {
    const migrations = readdirSync(join(root, 'db/migrations')).filter((f) => f.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(0);
    for (const file of [...migrations, 'meta/_journal.json']) {
      const entry = asarFiles.get(`db/migrations/${file}`);
      expect(entry, file).toBeDefined();
      expect(entry!.unpacked).toBe(false);
      expect(asarText(`db/migrations/${file}`)).toBe(readFileSync(join(root, 'db/migrations', file), 'utf8'));
    }
  });

  test("better-sqlite3's native module is outside the asar (app.asar.unpacked), for this platform only", () => {
    const nodeFiles = [...asarFiles].filter(([f]) => f.endsWith('.node'));
    expect(nodeFiles.length).toBeGreaterThan(0);
    for (const [file, entry] of nodeFiles) {
      expect(entry.unpacked, file).toBe(true);
      expect(existsSync(join(appDir, 'resources/app.asar.unpacked', file)), file).toBe(true);
    }
    expect(nodeFiles.map(([f]) => f)).toEqual([`node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`]);
  });

  test('production dependencies only: no devDependency (nor anything only they need) is shipped', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const shipped = new Set([...asarFiles.keys()].filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(1, f.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')));
    expect(shipped.has('better-sqlite3')).toBe(true);
    expect(shipped.has('drizzle-orm')).toBe(true);
    expect(shipped.has('zod')).toBe(true);
    expect([...shipped].filter((name) => name in pkg.devDependencies)).toEqual([]);
    expect([...shipped].filter((name) => lock.packages[`node_modules/${name}`]?.dev === true)).toEqual([]);
  });

  test('the Electron fuses are flipped in the executable: no RunAsNode, NODE_OPTIONS or --inspect; app only from an asar checked for integrity', () => {
    const before = Object.fromEntries(FUSES.map((name, i) => [name, ELECTRON_DEFAULT_WIRE[i]]));
    expect(fuseWire(join(appDir, pkg.name))).toEqual({
      ...before,
      RunAsNode: '0',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
    });
  });
});
