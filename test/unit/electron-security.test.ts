import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL } from '../../preload/bridge';
import { SEAT_CALLS } from '../../main/contract/seat';
import { seatFileOf, writeSeatFile, type SeatConfig } from '../../main/shell/seatConfig';
import {
  API_CHANNEL,
  SAVE_PDF_CALL,
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META,
  WINDOW_OPEN_POLICY,
  WINDOW_WEB_PREFERENCES,
  devServerUrlOf,
  devToolsAllowed,
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
    ['experimentalFeatures', false],
  ] as const)('%s is %s', (key, value) => {
    expect(WINDOW_WEB_PREFERENCES[key]).toBe(value);
  });

  it('main/index.ts builds every window from WINDOW_WEB_PREFERENCES and adds nothing but DevTools (development only) and the preload', () => {
    const src = readFileSync(resolve(root, 'main/index.ts'), 'utf8');
    expect(src).toMatch(/webPreferences: \{ \.\.\.WINDOW_WEB_PREFERENCES, devTools: allowDevTools, preload: join\([^)]*\) \}/);
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

  it('the preload exposes exactly window.api: calls over the one IPC channel, events in over one event channel', () => {
    const src = readFileSync(resolve(root, 'preload/index.ts'), 'utf8');
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).toContain("contextBridge.exposeInMainWorld('api', api)");
    expect(src.match(/ipcRenderer\.\w+/g)).toEqual(['ipcRenderer.invoke', 'ipcRenderer.on', 'ipcRenderer.removeListener']);
    // push: the page's listener gets the event's data only, never the IPC event (its sender reaches ipcRenderer)
    expect(src).toContain('ipcRenderer.on(EVENT_CHANNEL, forward)');
    expect(src).toMatch(/const forward = \(_ipc: unknown, event: unknown\) => listener\(event/);
    expect(API_CHANNEL).toBe('api:call');
    expect(EVENT_CHANNEL).toBe('api:event');
  });

  it('electron is imported only by the Electron host (main/index.ts, main/shell, preload)', () => {
    const hits = execSync("grep -rlE \"from 'electron'|require\\('electron'\\)\" main db renderer || true", { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .filter((f) => f !== 'main/index.ts' && !f.startsWith('main/shell/'));
    expect(hits).toEqual([]);
  });
});

describe('development-only settings', () => {
  const dev = { NODE_ENV_ELECTRON_VITE: 'development', ELECTRON_RENDERER_URL: 'http://localhost:5173' };

  it('the dev server URL is obeyed only under electron-vite dev, unpackaged, on a loopback address', () => {
    expect(devServerUrlOf({ isPackaged: false, env: dev })).toBe('http://localhost:5173');
    expect(devServerUrlOf({ isPackaged: false, env: { ...dev, ELECTRON_RENDERER_URL: 'http://127.0.0.1:5174/' } })).toBe('http://127.0.0.1:5174/');
    // a packaged app, whatever its environment says
    expect(devServerUrlOf({ isPackaged: true, env: dev })).toBeUndefined();
    // npm start = electron-vite preview (production), or an Electron started by hand
    expect(devServerUrlOf({ isPackaged: false, env: { ...dev, NODE_ENV_ELECTRON_VITE: 'production' } })).toBeUndefined();
    expect(devServerUrlOf({ isPackaged: false, env: { ELECTRON_RENDERER_URL: dev.ELECTRON_RENDERER_URL } })).toBeUndefined();
    // never a remote origin, even under dev
    for (const url of ['https://evil.example/', 'http://evil.example:5173', 'http://localhost.evil.example:5173', 'file:///etc/passwd', 'http://localhost:5173/x'])
      expect(devServerUrlOf({ isPackaged: false, env: { ...dev, ELECTRON_RENDERER_URL: url } }), url).toBeUndefined();
  });

  it('DevTools only outside an installed app', () => {
    expect(devToolsAllowed({ isPackaged: true, env: dev })).toBe(false);
    expect(devToolsAllowed({ isPackaged: false, env: {} })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The Electron checklist, item by item, against the REAL main/index.ts running on a stub of the electron module:
// the handlers it installs are called the way Electron would call them, so loosening any of them fails here even
// when the source text still looks alike.

type Handler = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const stub = vi.hoisted(() => {
  const state = {
    userData: '',
    isPackaged: true,
    appHandlers: new Map<string, Handler[]>(),
    ipcHandle: new Map<string, Handler>(),
    ipcOn: [] as string[],
    windows: [] as any[], // eslint-disable-line @typescript-eslint/no-explicit-any
    onHeadersReceived: undefined as Handler | undefined,
    permissionRequest: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    devicePermission: undefined as Handler | undefined,
    openExternal: [] as string[],
    /** "Save PDF": what the save dialog answers, and the print route's state as executeJavaScript reads it */
    saveAs: null as string | null,
    saveDefaultPath: '',
    printState: 'ready' as string,
    nextId: 1,
    quits: 0,
  };
  return state;
});

vi.mock('electron', () => {
  const emitApp = (event: string, ...args: unknown[]) => (stub.appHandlers.get(event) ?? []).forEach((fn) => fn(...args));
  class FakeWebContents {
    id = stub.nextId++;
    mainFrame = { url: '' };
    handlers = new Map<string, Handler>();
    windowOpenHandler: Handler | undefined;
    devToolsClosed = 0;
    /** what main sent to the page (push events) */
    sent: [string, any][] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, fn);
      return this;
    }
    closeDevTools() {
      this.devToolsClosed++;
    }
    setWindowOpenHandler(fn: Handler) {
      this.windowOpenHandler = fn;
    }
    executeJavaScript() {
      return Promise.resolve([stub.printState, stub.printState === 'ready' ? '' : 'Invoice X not found']);
    }
    printToPDF(options: unknown) {
      return Promise.resolve(Buffer.from(`%PDF-stub ${JSON.stringify(options)}`));
    }
  }
  class BrowserWindow {
    webContents = new FakeWebContents();
    loaded: { file?: string; url?: string; hash?: string } = {};
    destroyed = false;
    closedHandlers: Handler[] = [];
    constructor(readonly options: Record<string, any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
      stub.windows.push(this);
      emitApp('web-contents-created', {}, this.webContents);
    }
    static getAllWindows() {
      return stub.windows;
    }
    static fromWebContents(wc: unknown) {
      return stub.windows.find((w) => w.webContents === wc) ?? null;
    }
    on(event: string, fn: Handler) {
      if (event === 'closed') this.closedHandlers.push(fn);
      return this;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
      this.closedHandlers.forEach((fn) => fn());
    }
    once() {
      return this;
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    loadFile(file: string, options?: { hash?: string }) {
      this.loaded = { file, hash: options?.hash };
      this.webContents.mainFrame.url = pathToFileURL(file).href;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = { url };
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
  }
  const app = {
    get isPackaged() {
      return stub.isPackaged;
    },
    requestSingleInstanceLock: () => true,
    on(event: string, fn: Handler) {
      stub.appHandlers.set(event, [...(stub.appHandlers.get(event) ?? []), fn]);
      return app;
    },
    whenReady: () => Promise.resolve(),
    getPath: () => stub.userData,
    getVersion: () => '0.1.0-test',
    quit() {
      stub.quits++;
    },
    exit() {},
  };
  const ipcMain = {
    handle: (channel: string, fn: Handler) => stub.ipcHandle.set(channel, fn),
    on: (channel: string) => stub.ipcOn.push(channel),
    once: (channel: string) => stub.ipcOn.push(channel),
  };
  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: (fn: Handler) => (stub.onHeadersReceived = fn) },
      setPermissionRequestHandler: (fn: Handler) => (stub.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Handler) => (stub.permissionCheck = fn),
      setDevicePermissionHandler: (fn: Handler) => (stub.devicePermission = fn),
    },
  };
  const shell = { openExternal: (url: string) => void stub.openExternal.push(url) };
  const dialog = {
    showSaveDialog: (...args: unknown[]) => {
      const options = args[args.length - 1] as { defaultPath: string };
      stub.saveDefaultPath = options.defaultPath;
      return Promise.resolve(stub.saveAs ? { canceled: false, filePath: stub.saveAs } : { canceled: true });
    },
  };
  const electron = { app, BrowserWindow, ipcMain, session, shell, dialog };
  return { ...electron, default: electron };
});

/**
 * Imports a fresh main/index.ts on a fresh stub: installed or not, with the given environment. Returns its window.
 * (Each boot opens its own database in its own user-data folder; stopMain() closes it like Electron's quit.)
 */
async function bootMain(isPackaged: boolean, env: Record<string, string>, seat: SeatConfig | null = { use: 'local' }) {
  Object.assign(stub, { isPackaged, userData: mkdtempSync(join(tmpdir(), 'isp-electron-stub-')), appHandlers: new Map(), ipcHandle: new Map(), ipcOn: [], windows: [] });
  // a workstation that keeps its own database (the seat file of main/shell/seatConfig.ts), unless a test says otherwise
  if (seat) writeSeatFile(seatFileOf(stub.userData), seat);
  for (const key of ['ELECTRON_RENDERER_URL', 'NODE_ENV_ELECTRON_VITE']) delete process.env[key];
  Object.assign(process.env, env);
  vi.resetModules();
  await import('../../main/index');
  for (let i = 0; i < 50 && stub.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const win = stub.windows[0];
  // the back end opens in its worker threads meanwhile: a first call waits for it
  await stub.ipcHandle.get(API_CHANNEL)?.({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'system.info', {});
  return win;
}

/** Electron's quit: main holds it until the back end has closed the file, then quits again. */
async function stopMain() {
  const quits = stub.quits;
  let held = false;
  (stub.appHandlers.get('will-quit') ?? []).forEach((fn) => fn({ preventDefault: () => void (held = true) }));
  for (let i = 0; i < 3000 && held && stub.quits === quits; i++) await new Promise((r) => setTimeout(r, 10));
  rmSync(stub.userData, { recursive: true, force: true });
  for (const key of ['ELECTRON_RENDERER_URL', 'NODE_ENV_ELECTRON_VITE']) delete process.env[key];
}

// What `electron-vite dev` hands to Electron: a hostile environment can say the same to an installed app.
const DEV_ENV = { NODE_ENV_ELECTRON_VITE: 'development', ELECTRON_RENDERER_URL: 'http://localhost:5173' };

describe('the Electron host at run time (main/index.ts on a stub electron module)', () => {
  const EVIL = ['https://evil.example/', 'http://127.0.0.1:9/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let win: any;
  let appUrl: string;

  beforeAll(async () => {
    // An installed app started with the dev server's variables: it must ignore them.
    win = await bootMain(true, DEV_ENV);
    appUrl = win.webContents.mainFrame.url;
  });
  afterAll(stopMain);

  it('opens one window with context isolation, sandbox, no Node, no DevTools and only our preload', () => {
    expect(stub.windows).toHaveLength(1);
    const prefs = win.options.webPreferences;
    expect(prefs).toEqual({ ...WINDOW_WEB_PREFERENCES, devTools: false, preload: expect.stringMatching(/preload[\\/]index\.cjs$/) });
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
  });

  it('DevTools cannot be opened: refused in webPreferences, and closed again if they open anyway', () => {
    expect(win.options.webPreferences.devTools).toBe(false);
    const opened = win.webContents.handlers.get('devtools-opened');
    expect(opened).toBeTypeOf('function');
    opened();
    expect(win.webContents.devToolsClosed).toBe(1);
  });

  it('loads no remote content: the window shows our own built file, whatever ELECTRON_RENDERER_URL says', () => {
    expect(win.loaded.url).toBeUndefined();
    expect(win.loaded.file).toMatch(/renderer[\\/]index\.html$/);
    expect(appUrl.startsWith('file://')).toBe(true);
  });

  it('refuses navigation and redirects away from our page, and every webview', () => {
    const wc = win.webContents;
    for (const event of ['will-navigate', 'will-redirect'] as const) {
      for (const url of EVIL) {
        const e = { preventDefault: vi.fn() };
        wc.handlers.get(event)(e, url);
        expect(e.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
      const own = { preventDefault: vi.fn() };
      wc.handlers.get(event)(own, `${appUrl}#/customers`);
      expect(own.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    wc.handlers.get('will-attach-webview')(webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open / target=_blank, even to our own page, and never hands a URL to the OS', () => {
    for (const url of [...EVIL, appUrl]) expect(win.webContents.windowOpenHandler({ url, disposition: 'new-window' })).toEqual({ action: 'deny' });
    expect(stub.openExternal).toEqual([]);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock']) {
      const callback = vi.fn();
      stub.permissionRequest!(win.webContents, permission, callback, { requestingUrl: appUrl });
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(stub.permissionCheck!(win.webContents, permission, appUrl, {})).toBe(false);
    }
    if (stub.devicePermission) expect(stub.devicePermission({ deviceType: 'usb' })).toBe(false);
  });

  it('sends the strict CSP on every response, replacing a looser one', () => {
    const callback = vi.fn();
    stub.onHeadersReceived!({ url: 'https://evil.example/x.js', responseHeaders: { 'Content-Security-Policy': ["default-src *; script-src 'unsafe-eval' *"] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('has one IPC entry point, and it checks the sender before anything else', async () => {
    expect([...stub.ipcHandle.keys()]).toEqual([API_CHANNEL]);
    expect(stub.ipcOn).toEqual([]);
    const handle = stub.ipcHandle.get(API_CHANNEL)!;
    const wc = win.webContents;
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the application' } };
    const otherFrame = { url: appUrl };
    // a webContents we did not create
    expect(await handle({ sender: { id: 9999, mainFrame: otherFrame }, senderFrame: otherFrame }, 'auth.status', {})).toEqual(refused);
    // an iframe inside our window
    expect(await handle({ sender: wc, senderFrame: { url: appUrl } }, 'auth.status', {})).toEqual(refused);
    // our window's main frame after it was navigated elsewhere
    expect(await handle({ sender: { ...wc, id: wc.id, mainFrame: { url: 'https://evil.example/' } }, senderFrame: undefined }, 'auth.status', {})).toEqual(refused);
    const foreign = { url: 'https://evil.example/' };
    expect(await handle({ sender: { id: wc.id, mainFrame: foreign }, senderFrame: foreign }, 'auth.status', {})).toEqual(refused);
    // our own page in our own window's main frame reaches dispatch
    const res = await handle({ sender: wc, senderFrame: wc.mainFrame }, 'auth.status', {});
    expect(res).not.toEqual(refused);
    expect(res.ok).toBe(true);
  });

  it('"Save PDF" (host.savePdf over the same channel) needs a signed-in staff member and a document; refused, it opens no window', async () => {
    const handle = stub.ipcHandle.get(API_CHANNEL)!;
    const wc = win.webContents;
    const windows = stub.windows.length;
    expect(await handle({ sender: wc, senderFrame: wc.mainFrame }, SAVE_PDF_CALL, { kind: 'invoice', number: '1' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Sign in to save documents' },
    });
    const foreign = { url: 'https://evil.example/' };
    expect((await handle({ sender: { id: wc.id, mainFrame: foreign }, senderFrame: foreign }, SAVE_PDF_CALL, { kind: 'invoice', number: '1' })).error.code).toBe('FORBIDDEN');
    expect(stub.windows.length).toBe(windows);
  });

  it('"Save PDF" for a signed-in member: a hidden window of our own at the print route, printed, saved where asked, closed', async () => {
    const handle = stub.ipcHandle.get(API_CHANNEL)!;
    const wc = win.webContents;
    const from = { sender: wc, senderFrame: wc.mainFrame };
    expect((await handle(from, 'auth.setup', { name: 'admin', password: 'correct horse battery' })).ok).toBe(true);
    const windows = stub.windows.length;
    stub.saveAs = join(stub.userData, 'saved.pdf');
    const res = await handle(from, SAVE_PDF_CALL, { kind: 'statement', customerId: 7, from: '2024-01-01', to: '2024-01-31' });
    expect(res).toEqual({ ok: true, data: { file: stub.saveAs } });
    expect(readFileSync(stub.saveAs, 'utf8')).toContain('%PDF-stub');
    expect(stub.saveDefaultPath).toBe('statement-7-2024-01-01-2024-01-31.pdf');
    const printWin = stub.windows[windows];
    expect(printWin.options.show).toBe(false);
    expect(printWin.options.webPreferences).toEqual(win.options.webPreferences);
    expect(printWin.loaded.hash).toBe('/print/statement/7?from=2024-01-01&to=2024-01-31');
    expect(printWin.destroyed).toBe(true);
    // closing the print window ended nothing: the member is still signed in in the asking window
    expect((await handle(from, 'auth.status', {})).data.signedIn).toMatchObject({ name: 'admin' });
    // a document the route cannot show is refused in words, nothing saved
    stub.printState = 'error';
    const missing = await handle(from, SAVE_PDF_CALL, { kind: 'invoice', number: 'X' });
    expect(missing.ok).toBe(false);
    expect(missing.error.message).toContain('Invoice X not found');
    expect((await handle(from, SAVE_PDF_CALL, { kind: 'receipt', number: 'X' })).error.code).toBe('VALIDATION');
    stub.printState = 'ready';
    await handle(from, 'auth.signOut', {});
  });

  it('push: a window hears events once a member is signed in there; a portal window only its own customer', async () => {
    const handle = stub.ipcHandle.get(API_CHANNEL)!;
    const wc = win.webContents;
    const from = { sender: wc, senderFrame: wc.mainFrame };
    type Sent = [string, { kind: string; areas: string[]; customerIds?: number[] }];
    const changed = (w: { sent: Sent[] }) => w.sent.filter(([, e]) => e.kind === 'changed');
    // events cross the back end's threads and each window's session check: wait until they have arrived
    const arrived = (w: { sent: Sent[] }, n: number) => vi.waitFor(() => expect(changed(w).length).toBeGreaterThanOrEqual(n), { timeout: 20_000 });
    wc.sent.length = 0;
    expect((await handle(from, 'customers.list', {})).ok).toBe(false); // signed out (by the test before)
    expect((await handle(from, 'auth.signIn', { name: 'admin', password: 'correct horse battery' })).ok).toBe(true);
    const a = (await handle(from, 'customers.create', { name: 'Ava', status: 'active' })).data;
    const b = (await handle(from, 'customers.create', { name: 'Bruno', status: 'active' })).data;
    await arrived(wc, 2);
    expect(changed(wc).filter(([, e]) => e.customerIds).map(([channel, e]) => [channel, e.customerIds])).toEqual([
      [EVENT_CHANNEL, [a.id]],
      [EVENT_CHANNEL, [b.id]],
    ]);
    const windows = stub.windows.length;
    expect((await handle(from, 'portal.open', { customerId: a.id })).ok).toBe(true);
    const portal = stub.windows[windows].webContents;
    expect((await handle(from, 'billing.addPayment', { customerId: b.id, amount: 500 })).ok).toBe(true);
    expect((await handle(from, 'billing.addPayment', { customerId: a.id, amount: 700 })).ok).toBe(true);
    // a refused call announces nothing: the next event after the payments is the ticket's
    expect((await handle(from, 'billing.addPayment', { customerId: a.id, amount: -1 })).ok).toBe(false);
    expect((await handle(from, 'tickets.create', { customerId: a.id, subject: 'Hi', message: 'there' })).ok).toBe(true);
    const ticketHeard = () => vi.waitFor(() => expect(changed(wc).some(([, e]) => e.areas.includes('tickets'))).toBe(true), { timeout: 20_000 });
    await ticketHeard();
    await arrived(portal, 2);
    const moneyOrTicket = changed(wc).filter(([, e]) => e.areas.includes('billing') || e.areas.includes('tickets'));
    expect(moneyOrTicket.map(([, e]) => [e.customerIds, e.areas.includes('tickets')])).toEqual([
      [[b.id], false],
      [[a.id], false],
      [[a.id], true],
    ]);
    // the portal window of Ava: her payment and her ticket, never Bruno's payment
    const portalHeard = changed(portal).filter(([, e]) => e.areas.includes('billing') || e.areas.includes('tickets'));
    expect(portalHeard.map(([, e]) => [e.customerIds, e.areas.includes('tickets')])).toEqual([
      [[a.id], false],
      [[a.id], true],
    ]);
    expect(changed(portal).every(([, e]) => e.customerIds?.join() === String(a.id))).toBe(true);
    await handle(from, 'auth.signOut', {});
  });

  it('shell.openExternal is used nowhere (add an allow-list helper in main/shell/security.ts before using it)', () => {
    const hits = execSync("grep -rnE 'openExternal' main preload renderer/src || true", { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(hits).toEqual([]);
  });

  it('no remote content in the renderer sources or the built page: scripts, styles, fonts and images are our own', () => {
    const remote = /(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|@import\s+url\(\s*["']?(?:https?:)?\/\/|fetch\(\s*["'`]https?:/i;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(tsx?|html|css)$/.test(name)) files.push(p);
      }
    };
    walk(resolve(root, 'renderer'));
    const offending = files.filter((f) => remote.test(readFileSync(f, 'utf8')));
    expect(offending.map((f) => f.slice(root.length + 1))).toEqual([]);
  });

  it('the database is opened with the instance lock (a second process gets it read-only)', () => {
    expect(readFileSync(join(stub.userData, 'isp-back-office.sqlite.lock'), 'utf8')).toBe(String(process.pid));
  });
});

describe('the dev server address outside an installed app', () => {
  it('npm start (electron-vite preview: production) ignores ELECTRON_RENDERER_URL and trusts only the built page', async () => {
    const win = await bootMain(false, { ...DEV_ENV, NODE_ENV_ELECTRON_VITE: 'production' });
    try {
      expect(win.loaded.url).toBeUndefined();
      expect(win.loaded.file).toMatch(/renderer[\\/]index\.html$/);
      const e = { preventDefault: vi.fn() };
      win.webContents.handlers.get('will-navigate')(e, DEV_ENV.ELECTRON_RENDERER_URL);
      expect(e.preventDefault).toHaveBeenCalled();
      // not installed: DevTools stay available to the developer
      expect(win.options.webPreferences.devTools).toBe(true);
      expect(win.webContents.handlers.has('devtools-opened')).toBe(false);
    } finally {
      await stopMain();
    }
  });

  it('electron-vite dev loads the dev server (the one case it is obeyed)', async () => {
    const win = await bootMain(false, DEV_ENV);
    try {
      expect(win.loaded.url).toBe(DEV_ENV.ELECTRON_RENDERER_URL);
    } finally {
      await stopMain();
    }
  });
});

describe('where the workstation keeps its data (the seat, main/shell/seat.ts)', () => {
  const call = (win: { webContents: unknown }, channel: string, input: unknown = {}) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    stub.ipcHandle.get(API_CHANNEL)!({ sender: win.webContents, senderFrame: (win.webContents as any).mainFrame }, channel, input) as Promise<{ ok: boolean; data?: any; error?: any }>;

  // closing the database's worker threads takes a while on a loaded machine
  it('a new installation asks first: nothing is opened until the window chooses, then this computer’s database', { timeout: 90_000 }, async () => {
    const win = await bootMain(false, { NODE_ENV_ELECTRON_VITE: 'production' }, null);
    try {
      expect((await call(win, SEAT_CALLS.status)).data).toEqual({ mode: 'choose' });
      expect(await call(win, 'auth.status')).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
      expect(readdirSync(stub.userData).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
      expect((await call(win, SEAT_CALLS.useLocal)).data).toEqual({ mode: 'local' });
      expect(await call(win, 'auth.status')).toMatchObject({ ok: true, data: { hasStaff: false } });
      expect(readFileSync(seatFileOf(stub.userData), 'utf8')).toContain('"local"');
    } finally {
      await stopMain();
    }
  });

  it('a seat of an office server opens no database here: a server that does not answer is OFFLINE in words', async () => {
    const seat: SeatConfig = { use: 'office', url: 'https://127.0.0.1:9', fingerprint: 'AB'.repeat(32), name: 'Office', confirmedAt: '2026-12-07T06:00:00Z' };
    const win = await bootMain(false, { NODE_ENV_ELECTRON_VITE: 'production' }, seat);
    try {
      const res = await call(win, 'auth.status');
      expect(res).toMatchObject({ ok: false, error: { code: 'OFFLINE', message: expect.stringMatching(/office server at 127\.0\.0\.1:9 does not answer/) } });
      expect((await call(win, SEAT_CALLS.status)).data).toMatchObject({ mode: 'office', connection: { state: 'offline' }, backupCopy: null });
      expect(readdirSync(stub.userData).filter((f) => f.includes('.sqlite'))).toEqual([]);
    } finally {
      await stopMain();
    }
  });
});
