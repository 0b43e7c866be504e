import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { defaultDatabasePath, type UpgradeProgress } from '../db/open';
import type { PortalOpenResult } from './contract/portal';
import type { AuthStatus, StaffSession } from './contract/auth';
import { printHash, printTarget } from './contract/documents';
import type { Result } from './contract/errors';
import { savePdfFrom } from './shell/pdf';
import { startHostLog } from './hosts/log';
import { createLocalBackend } from './backend/local';
import type { Backend } from './backend/types';
import { startSeat } from './shell/seat';
import { seatFileOf } from './shell/seatConfig';
import { isOfficeServingCall } from './contract/officeServing';
import { createOfficeServing, rememberedServingFile, type OfficeServing } from './shell/officeServing';
import { forwardEvents } from './shell/events';
import {
  API_CHANNEL,
  SAVE_PDF_CALL,
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  WINDOW_WEB_PREFERENCES,
  devServerUrlOf,
  devToolsAllowed,
  isAppUrl,
  isTrustedSender,
  type AppLocation,
} from './shell/security';

// The Electron host: one window, one IPC channel, and the security settings of main/shell/security.ts.
// Everything else (validation, access, business rules) lives in the back end (main/backend/local.ts): its writer and
// reader worker threads own the database, the day runs, backups and the network outbox, so the window process is
// never blocked by a billing day. This process only binds sessions to windows and forwards calls.

const runMode = { isPackaged: app.isPackaged, env: process.env };
const devServerUrl = devServerUrlOf(runMode); // only under `electron-vite dev`
const allowDevTools = devToolsAllowed(runMode); // never in an installed app
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const location: AppLocation = { rendererFileUrl: pathToFileURL(rendererFile).href, devServerUrl };
const ourWindows = new Set<number>(); // webContents ids of the windows we created
/** webContents id of a customer-portal window → its session token: every call from it runs as that customer */
const portalWindows = new Map<number, string>();
/** webContents id of a back-office window → the staff session signed in there */
const staffWindows = new Map<number, string>();
/** webContents id of a hidden print window ("Save PDF") → the session of the window that asked: it calls as that staff */
const printWindows = new Map<number, string>();
/** the seat's back end: this computer's database (opening: a window shows at once, its calls wait) or an office server */
let backend: Promise<Backend> | undefined;
let mainWindow: BrowserWindow | undefined;
/** "Serve this database to the office" (Config → System): the office server in this process, administrators only */
let officeServing: OfficeServing | undefined;

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
  app.whenReady().then(start).catch((err: unknown) => {
    console.error(err);
    dialog.showErrorBox('ISP Back Office could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

function start(): void {
  const dbFile = defaultDatabasePath(app.getPath('userData'));
  // The log lives in the user-data folder beside the database (main/hosts/log.ts: rotated, secrets redacted).
  const hostLog = startHostLog({ dbFile, scope: 'app', echo: true });
  // Logged (redacted) for support and still shown to the person at the screen, as Electron's own handler would: a
  // fault nobody sees is a fault nobody reports.
  process.on('uncaughtException', (err) => {
    hostLog.error('uncaught exception:', err);
    dialog.showErrorBox('ISP Back Office: unexpected error', `${err.message}\n\nIt is in the log; Config → System → Copy diagnostics gives it to support.`);
  });
  process.on('unhandledRejection', (err) => hostLog.error('unhandled rejection:', err));
  // The writer takes the instance lock: when another process (a second copy with the same file, the CLI) holds the
  // database it opens read-only — system.info says so, every write is refused with a coded error, no day runs.
  // It catches up missed days in steps (the window shows "day k of n"), follows the business date, sends
  // Disconnect-Requests, imports RADIUS accounting and takes the daily backup.
  const openLocal = (onUpgrade: (p: UpgradeProgress) => void) =>
    createLocalBackend(
      {
        dbFile,
        mode: 'worker',
        staffAuth: true,
        timers: { dayBoundary: true, backups: true, outbox: true, accountingImport: true },
        echoLog: true,
        logScope: 'app',
      },
      {
        // the window shows it (host.seat.status); the log keeps how long an upgrade took
        onUpgrade: (p) => {
          if (p.phase === 'backup' || (p.phase === 'migrating' && p.step === 1)) hostLog.info(`upgrading the database from schema ${p.from} to ${p.to}: ${p.phase}`);
          onUpgrade(p);
        },
      },
    ).then(
      (b) => {
        hostLog.info(`ISP Back Office ${app.getVersion()} started (Electron ${process.versions.electron})${b.readOnly ? `, read-only: the database is in use by process ${b.heldBy}` : ''}`);
        return b;
      },
      (err: unknown) => {
        hostLog.error('the back end did not start:', err);
        dialog.showErrorBox('ISP Back Office could not open its database', err instanceof Error ? err.message : String(err));
        app.exit(1);
        throw err;
      },
    );
  // Where this workstation's data is (seat.json, main/shell/seat.ts): this computer's database as above, or an office
  // server (then no database file is opened here and no timer runs); a new installation asks in the window.
  const seat = startSeat({
    configFile: seatFileOf(app.getPath('userData')),
    localDatabaseExists: existsSync(dbFile),
    localDatabaseFile: dbFile,
    openLocal,
    onError: (what, err) => hostLog.error(`seat, ${what}:`, err),
  });
  backend = Promise.resolve(seat);
  officeServing = createOfficeServing({
    backend: () => backend,
    dbFile,
    staticDir: join(rendererFile, '..'),
    version: app.getVersion(),
    // only the computer that holds the database serves it: a seat would relay another server, a backup copy is read-only
    refusal: () =>
      seat.status().mode === 'local' ? null : 'This workstation does not hold the database: start the office server on the computer that does (npm run serve, or Config → System there)',
    // an office served from this app is served again after a restart (or a crash), until an administrator stops it
    rememberFile: rememberedServingFile(app.getPath('userData')),
  });
  void seat.ready
    .then(() => officeServing?.resume())
    .then((res) => {
      if (res && !res.ok) hostLog.error('office server:', res.error.message);
      else if (res?.data.serving) hostLog.info(`serving the office again at ${res.data.serving.url}`);
    });
  hardenSession();
  ipcMain.handle(API_CHANNEL, onApiCall);
  // Push: what changed goes to every window that may know it (main/shell/events.ts).
  forwardEvents(
    (fn) => seat.subscribe(fn),
    () =>
      BrowserWindow.getAllWindows().map((win) => ({
        send: (channel, event) => !win.isDestroyed() && win.webContents.send(channel, event),
        audience: () => windowAudience(win.webContents.id),
      })),
  );
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

/** One call to the back end as a window (its sessions travel as tokens; the back end resolves who calls). */
async function callBackend(channel: string, input: unknown, tokens: { staffToken?: string; portalToken?: string }, source: string): Promise<Result<unknown>> {
  if (!backend) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open' } };
  return (await backend).call({ channel, input, source, ...tokens });
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
  // The window settings already refuse DevTools in an installed app; should any path open them anyway, close them.
  if (!allowDevTools) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/**
 * A window of the app. `portal`: the customer portal ("Login as customer"), bound to a session before it loads.
 * `print`: a hidden window showing one document alone (#/print/…) for "Save PDF", calling as the staff who asked.
 */
function createWindow(portal?: { token: string; customerName: string }, print?: { hash: string; staffToken: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: portal ? 1180 : 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: portal ? `Customer portal — ${portal.customerName}` : 'ISP Back Office',
    webPreferences: { ...WINDOW_WEB_PREFERENCES, devTools: allowDevTools, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  const id = win.webContents.id;
  ourWindows.add(id);
  if (portal) portalWindows.set(id, portal.token);
  if (print) printWindows.set(id, print.staffToken);
  win.on('closed', () => {
    ourWindows.delete(id);
    printWindows.delete(id); // the session is the asking window's: it goes on
    const token = portalWindows.get(id);
    portalWindows.delete(id);
    if (token) void callBackend('portal.signOut', {}, { portalToken: token }, `app window ${id}`);
    // A closed window's staff session ends (in the database, so in every process)
    const staffToken = staffWindows.get(id);
    staffWindows.delete(id);
    if (staffToken) void callBackend('auth.signOut', {}, { staffToken }, `app window ${id}`);
  });
  if (!print) win.once('ready-to-show', () => win.show());
  const hash = portal ? '/portal' : print ? print.hash.replace(/^#/, '') : undefined;
  if (devServerUrl) void win.loadURL(hash ? `${devServerUrl}#${hash}` : devServerUrl);
  else void win.loadFile(rendererFile, hash ? { hash } : undefined);
  return win;
}

/** "Save PDF": the document printed from a hidden window of its own, as the staff member of the asking window. */
async function savePdf(event: IpcMainInvokeEvent, input: unknown) {
  const staffToken = staffWindows.get(event.sender.id);
  const status = staffToken === undefined ? null : await callBackend('auth.status', {}, { staffToken }, `app window ${event.sender.id}`);
  if (staffToken === undefined || !status?.ok || !(status.data as AuthStatus).signedIn) return { ok: false, error: { code: 'FORBIDDEN', message: 'Sign in to save documents' } };
  const target = printTarget.safeParse(input);
  if (!target.success) return { ok: false, error: { code: 'VALIDATION', message: 'Not a document that can be saved as PDF' } };
  const win = createWindow(undefined, { hash: printHash(target.data), staffToken });
  try {
    return { ok: true, data: await savePdfFrom(win, BrowserWindow.fromWebContents(event.sender) ?? undefined, target.data) };
  } catch (err) {
    return { ok: false, error: { code: 'INTERNAL', message: `The PDF was not saved: ${err instanceof Error ? err.message : String(err)}` } };
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

/** Who may hear events in a window: its signed-in staff member, its portal customer, or nobody (asked of the back end). */
async function windowAudience(id: number): Promise<{ kind: 'staff' } | { kind: 'portal'; customerId: number } | null> {
  if (!ourWindows.has(id) || printWindows.has(id)) return null;
  const source = `app window ${id}`;
  const portalToken = portalWindows.get(id);
  if (portalToken !== undefined) {
    const r = await callBackend('portal.session', {}, { portalToken }, source);
    return r.ok ? { kind: 'portal', customerId: (r.data as { customerId: number }).customerId } : null;
  }
  const staffToken = staffWindows.get(id);
  if (staffToken === undefined) return null;
  const r = await callBackend('auth.status', {}, { staffToken }, source);
  return r.ok && (r.data as AuthStatus).signedIn ? { kind: 'staff' } : null;
}

async function onApiCall(event: IpcMainInvokeEvent, channel: unknown, input: unknown) {
  const frame = event.senderFrame;
  const trusted = isTrustedSender(
    { frameUrl: frame?.url, isMainFrame: frame === event.sender.mainFrame, fromOurWindow: ourWindows.has(event.sender.id) },
    location,
  );
  if (!trusted) return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the application' } };
  if (typeof channel !== 'string') return { ok: false, error: { code: 'BAD_REQUEST', message: 'channel must be a string' } };
  if (channel === SAVE_PDF_CALL) return savePdf(event, input);
  // The back office calls as the staff member signed in in that window (nobody before sign-in); a portal window
  // calls as its customer, never as staff; a portal window whose session ended may call nothing.
  const id = event.sender.id;
  const staffToken = staffWindows.get(id) ?? printWindows.get(id);
  const portalToken = portalWindows.get(id);
  if (isOfficeServingCall(channel) && officeServing) return officeServing.handle(channel, input, { staffToken, source: `app window ${id}` });
  const result = await callBackend(channel, input, { ...(staffToken !== undefined ? { staffToken } : {}), ...(portalToken !== undefined ? { portalToken } : {}) }, `app window ${id}`);
  // Sign-in binds the session to this window in main; the token itself never reaches the renderer.
  if ((channel === 'auth.signIn' || channel === 'auth.setup') && result.ok) {
    const signed = result.data as StaffSession;
    staffWindows.set(id, signed.token);
    return { ok: true, data: { ...signed, token: '' } };
  }
  if (channel === 'auth.signOut') staffWindows.delete(id);
  // "Login as customer": main opens the portal in its own window, bound to the new session by webContents id.
  if (channel === 'portal.open' && result.ok) {
    const opened = result.data as PortalOpenResult;
    createWindow({ token: opened.token, customerName: opened.customerName });
    // The window is bound in main, so the token has no use in the renderer: it is not sent there.
    return { ok: true, data: { ...opened, token: '', hash: '#/portal', windowOpened: true } };
  }
  return result;
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// The back end ends its timers, lets a write under way finish and closes the file (releasing the lock) before the
// process exits: Electron waits while the event is held, then quits for good.
app.on('will-quit', (event) => {
  void officeServing?.stop();
  officeServing = undefined;
  if (!backend) return;
  event?.preventDefault();
  const closing = backend;
  backend = undefined;
  void closing
    .then((b) => b.close())
    .catch(() => undefined)
    .finally(() => app.quit());
});
