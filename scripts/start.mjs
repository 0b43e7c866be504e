#!/usr/bin/env node
// `npm start`: make sure the Electron runtime is on this machine, then build and open the app
// (electron-vite preview, in this process: one Node process between npm and Electron).
//
// Since Electron 42 `npm install` no longer downloads the Electron binary; electron-vite only reads
// node_modules/electron/path.txt, which Electron's own installer writes. So on first start we run that installer
// (node_modules/electron/install.js, the `install-electron` bin: it downloads the release zip for this platform,
// checks it against the checksums shipped in the electron package and unpacks it). ELECTRON_EXEC_PATH (electron-vite's
// own variable) names another Electron binary — or a stand-in in tests — and skips the download.
import './stop-with-parent.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

function electronPackage() {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const dir = dirname(require.resolve('electron/package.json'));
  return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version };
}

/** The installed binary, or null when Electron's installer has not (fully) run for this version. */
function installedBinary({ dir, version }) {
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8');
    const installed = readFileSync(join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const binary = join(dir, 'dist', relative);
    return installed === version && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Where the installer downloads from (same variables as @electron/get reads). */
function downloadUrl(version) {
  const env = process.env;
  const mirror = env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || DEFAULT_MIRROR;
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  return `${mirror}v${version}/electron-v${version}-${platform}-${arch}.zip`;
}

/** Why the download failed, in one line: the installer's own error, and for a network error its cause. */
async function failureReason(stderr, url) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const own = lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? 'the installer stopped without a message';
  if (!/fetch failed|network|ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket/i.test(own)) return own;
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return `${own} (${new URL(url).host} answers HTTP ${res.status})`;
  } catch (err) {
    const cause = err?.cause ?? err;
    const message = cause?.message ?? String(cause);
    const what = cause?.code && !message.includes(cause.code) ? `${cause.code}: ${message}` : message;
    return `cannot reach ${new URL(url).host}: ${what}`;
  }
}

async function ensureElectron() {
  if (process.env.ELECTRON_EXEC_PATH) return;
  const electron = electronPackage();
  let binary = installedBinary(electron);
  if (!binary) {
    const url = downloadUrl(electron.version);
    console.log(`Downloading Electron ${electron.version} (first start only, about 100 MB) from ${new URL(url).host} …`);
    const run = spawnSync(process.execPath, [join(electron.dir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    binary = run.status === 0 ? installedBinary(electron) : null;
    if (!binary) {
      const why = run.error ? run.error.message : await failureReason(run.stderr ?? '', url);
      console.error(
        [
          `npm start: the Electron ${electron.version} download failed, so the app cannot open.`,
          `  Why: ${why}`,
          `  Retry: connect this machine to the Internet (behind a proxy set HTTPS_PROXY; a local mirror: ELECTRON_MIRROR=<url>/)`,
          `  and run \`npm start\` again (or only the download: \`npx install-electron\`).`,
        ].join('\n'),
      );
      process.exit(1);
    }
  }
  // electron-vite looks the binary up again through path.txt; naming it here makes it use exactly this one.
  process.env.ELECTRON_EXEC_PATH = binary;
}

await ensureElectron();
// The dev-server address is for `electron-vite dev` only: a built app never loads a page from an inherited URL.
delete process.env.ELECTRON_RENDERER_URL;
const { preview } = await import('electron-vite');
try {
  await preview({}, { skipBuild: false });
} catch (err) {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
