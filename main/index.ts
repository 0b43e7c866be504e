import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { defaultDatabasePath, openDatabase, type AppDb } from '../db/open';
import { dispatch } from './app/dispatch';
import type { AppContext } from './app/context';
import { fixedClock } from './app/context';
import { hostBusinessDate, staffActor } from './hosts/boundary';
import {
  API_CHANNEL,
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  WINDOW_WEB_PREFERENCES,
  isAppUrl,
  isTrustedSender,
  type AppLocation,
} from './shell/security';

// The Electron host: one window, one IPC channel, and the security settings of main/shell/security.ts.
// Everything else (validation, access, business rules) lives behind dispatch().

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const location: AppLocation = { rendererFileUrl: pathToFileURL(rendererFile).href, devServerUrl };
const ourWindows = new Set<number>(); // webContents ids of the windows we created
let db: AppDb | undefined;
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same SQLite file from another process: hand over to the first and leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (err) => {
    console.error(err);
    app.exit(1);
  });
}

function start(): void {
  db = openDatabase(defaultDatabasePath(app.getPath('userData')));
  hardenSession();
  ipcMain.handle(API_CHANNEL, onApiCall);
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

function hardenSession(): void {
  // The header covers http(s) responses (the dev server, anything loaded by mistake); file:// pages get no response
  // headers in Electron, which is why renderer/index.html carries the same policy in a <meta> tag.
  const csp = devServerUrl ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

// Applies to every webContents, including any created later (portal window, devtools excluded by Electron).
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'ISP Back Office',
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  const id = win.webContents.id;
  ourWindows.add(id);
  win.on('closed', () => ourWindows.delete(id));
  win.once('ready-to-show', () => win.show());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
  return win;
}

function onApiCall(event: IpcMainInvokeEvent, channel: unknown, input: unknown) {
  const frame = event.senderFrame;
  const trusted = isTrustedSender(
    { frameUrl: frame?.url, isMainFrame: frame === event.sender.mainFrame, fromOurWindow: ourWindows.has(event.sender.id) },
    location,
  );
  if (!trusted) return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the application' } };
  if (typeof channel !== 'string') return { ok: false, error: { code: 'BAD_REQUEST', message: 'channel must be a string' } };
  if (!db) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open' } };
  // The business date is decided here, at the boundary, once per call (wall clock or a demo database's own date).
  const ctx: AppContext = { db, clock: fixedClock(hostBusinessDate(db)), actor: staffActor() };
  return dispatch(ctx, channel, input);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  db?.close();
  db = undefined;
});
