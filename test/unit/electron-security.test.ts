import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  API_CHANNEL,
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META,
  WINDOW_OPEN_POLICY,
  WINDOW_WEB_PREFERENCES,
  isAppUrl,
  isTrustedSender,
  type AppLocation,
} from '../../main/shell/security';

// Guards the Electron hardening: each assertion fails if someone loosens a setting.

const root = resolve(import.meta.dirname, '../..');
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));

describe('window webPreferences', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
  ] as const)('%s is %s', (key, value) => {
    expect(WINDOW_WEB_PREFERENCES[key]).toBe(value);
  });

  it('main/index.ts builds every window from WINDOW_WEB_PREFERENCES and overrides nothing but the preload', () => {
    const src = readFileSync(resolve(root, 'main/index.ts'), 'utf8');
    expect(src).toMatch(/webPreferences: \{ \.\.\.WINDOW_WEB_PREFERENCES, preload: join\([^)]*\) \}/);
    expect(src.match(/webPreferences/g)).toHaveLength(1);
    expect(src).toContain("'../preload/index.cjs'");
  });
});

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);
  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('%s is exactly %s', (name, value) => {
    expect(csp.get(name)).toBe(value);
  });

  it('never allows eval, inline scripts or remote hosts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe|https?:|\*|blob:/);
    expect(csp.get('script-src')).not.toContain('unsafe-inline');
  });

  it('renderer/index.html carries the same policy in its <meta> tag', () => {
    const html = readFileSync(resolve(root, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY_META);
    expect(directives(CONTENT_SECURITY_POLICY_META)).toEqual(new Map([...csp].filter(([k]) => k !== 'frame-ancestors')));
  });

  it('main/index.ts installs the header on the default session', () => {
    const src = readFileSync(resolve(root, 'main/index.ts'), 'utf8');
    expect(src).toContain('session.defaultSession.webRequest.onHeadersReceived');
    expect(src).toContain("'Content-Security-Policy': [csp]");
  });
});

describe('navigation, windows, permissions', () => {
  const app: AppLocation = { rendererFileUrl: pathToFileURL('/opt/isp/out/renderer/index.html').href };
  const dev: AppLocation = { ...app, devServerUrl: 'http://localhost:5173/' };

  it('accepts only our own page', () => {
    expect(isAppUrl('file:///opt/isp/out/renderer/index.html', app)).toBe(true);
    expect(isAppUrl('file:///opt/isp/out/renderer/index.html#/finance', app)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('file:///opt/isp/out/renderer/other.html', app)).toBe(false);
    expect(isAppUrl('https://example.com/', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/customers', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', dev)).toBe(false);
    expect(isAppUrl('not a url', dev)).toBe(false);
  });

  it('trusts only the main frame of our own window showing our page', () => {
    const url = 'file:///opt/isp/out/renderer/index.html';
    expect(isTrustedSender({ frameUrl: url, isMainFrame: true, fromOurWindow: true }, app)).toBe(true);
    expect(isTrustedSender({ frameUrl: url, isMainFrame: false, fromOurWindow: true }, app)).toBe(false);
    expect(isTrustedSender({ frameUrl: url, isMainFrame: true, fromOurWindow: false }, app)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, fromOurWindow: true }, app)).toBe(false);
    expect(isTrustedSender({ frameUrl: null, isMainFrame: true, fromOurWindow: true }, app)).toBe(false);
  });

  it('denies window.open, permissions, webviews and foreign navigation in main/index.ts', () => {
    expect(WINDOW_OPEN_POLICY).toBe('deny');
    expect(ALLOWED_PERMISSIONS).toEqual([]);
    const src = readFileSync(resolve(root, 'main/index.ts'), 'utf8');
    expect(src).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(src).toContain('setPermissionRequestHandler((_wc, _permission, callback) => callback(false))');
    expect(src).toContain('setPermissionCheckHandler(() => false)');
    expect(src).toMatch(/'will-navigate', \(event, url\) => \{\s*if \(!isAppUrl\(url, location\)\) event\.preventDefault\(\);/);
    expect(src).toContain("'will-attach-webview', (event) => event.preventDefault()");
    expect(src).toContain('requestSingleInstanceLock()');
    expect(src).toMatch(/if \(!trusted\) return \{ ok: false, error: \{ code: 'FORBIDDEN'/);
  });

  it('the preload exposes exactly window.api with kind and call over the one IPC channel', () => {
    const src = readFileSync(resolve(root, 'preload/index.ts'), 'utf8');
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).toContain("contextBridge.exposeInMainWorld('api', api)");
    expect(src.match(/ipcRenderer\.\w+/g)).toEqual(['ipcRenderer.invoke']);
    expect(API_CHANNEL).toBe('api:call');
  });

  it('electron is imported only by the Electron host (main/index.ts, main/shell, preload)', () => {
    const hits = execSync("grep -rlE \"from 'electron'|require\\('electron'\\)\" main db renderer || true", { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .filter((f) => f !== 'main/index.ts' && !f.startsWith('main/shell/'));
    expect(hits).toEqual([]);
  });
});
