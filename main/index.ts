import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { defaultDatabasePath, openDatabase, type AppDb } from '../db/open';
import { dispatch } from './app/dispatch';
import type { PortalOpenResult } from './contract/portal';
import type { Actor, AppContext } from './app/context';
import { fixedClock } from './app/context';
import { closePortalSession, portalActorFor } from './app/portalSessions';
import { endSession, staffActorFor } from './app/auth';
import type { StaffSession } from './contract/auth';
import { printHash, printTarget } from './contract/documents';
import { savePdfFrom } from './shell/pdf';
import { startBackupSchedule, type BackupSchedule } from './app/backup';
import { hostBusinessDate, localIsoDate } from './hosts/boundary';
import { startDayBoundary, type DayBoundary } from './hosts/dayBoundary';
import { logDispatch, startHostLog } from './hosts/log';
import { startOutboxSender, type OutboxSender } from './radius/outbox';
import { startAccountingImport, type AccountingImportTimer } from './hosts/accountingImport';
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
// Everything else (validation, access, business rules) lives behind dispatch().

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
let db: AppDb | undefined;
let dayBoundary: DayBoundary | undefined;
let backupSchedule: BackupSchedule | undefined;
let outboxSender: OutboxSender | undefined;
let accountingImport: AccountingImportTimer | undefined;
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
  // instanceLock: when another process (a second copy with the same file, the CLI) holds the database, it opens
  // read-only — system.info says so, every write is refused with a coded error, no day runs, no backup rotation.
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
  db = openDatabase(dbFile, { instanceLock: true });
  const opened = db;
  logDispatch(opened, hostLog);
  hostLog.info(`ISP Back Office ${app.getVersion()} started (Electron ${process.versions.electron})${opened.readOnly ? `, read-only: the database is in use by process ${opened.heldBy}` : ''}`);
  // Decision 15: finish every past day and start today — in steps, the window showing "day k of n" (issue 18 item
  // 12) — then follow the business date (midnight, or a demo database's training clock) once a minute.
  if (!opened.readOnly)
    dayBoundary = startDayBoundary({
      db: opened,
      today: () => hostBusinessDate(opened),
      onRun: (s, today) => s.days && hostLog.info(`days run up to ${today}: ${s.days} day(s), ${s.invoices} invoice(s)`),
      onError: (err) => hostLog.error('day boundary:', err),
    });
  // Disconnect-Requests queued by committed changes go to the routers from here (none from a demo database).
  if (!opened.readOnly) outboxSender = startOutboxSender(opened, { onError: (err) => hostLog.error('network outbox:', err) });
  // RADIUS accounting → sessions and daily traffic, once a minute (the process holding the file does it).
  if (!opened.readOnly) accountingImport = startAccountingImport({ db: opened, today: () => hostBusinessDate(opened) });
  // The automatic daily backup (online backup API), once per calendar day of the wall clock.
  backupSchedule = startBackupSchedule({ db: () => db, today: () => localIsoDate() });
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
    if (token && db) closePortalSession(db, token);
    // A closed window's staff session ends (in the database, so in every process)
    const staffToken = staffWindows.get(id);
    staffWindows.delete(id);
    if (staffToken && db) endSession({ db }, staffToken);
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
  if (!db || staffToken === undefined || !staffActorFor({ db }, staffToken))
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Sign in to save documents' } };
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

function onApiCall(event: IpcMainInvokeEvent, channel: unknown, input: unknown) {
  const frame = event.senderFrame;
  const trusted = isTrustedSender(
    { frameUrl: frame?.url, isMainFrame: frame === event.sender.mainFrame, fromOurWindow: ourWindows.has(event.sender.id) },
    location,
  );
  if (!trusted) return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the application' } };
  if (typeof channel !== 'string') return { ok: false, error: { code: 'BAD_REQUEST', message: 'channel must be a string' } };
  if (!db) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open' } };
  if (channel === SAVE_PDF_CALL) return savePdf(event, input);
  // The back office calls as the staff member signed in in that window (nobody before sign-in); a portal window
  // calls as its customer, never as staff; a portal window whose session ended may call nothing.
  const staffToken = staffWindows.get(event.sender.id) ?? printWindows.get(event.sender.id);
  let actor: Actor = (staffToken !== undefined ? staffActorFor({ db }, staffToken) : null) ?? { kind: 'anonymous' };
  const portalToken = portalWindows.get(event.sender.id);
  if (portalToken !== undefined) {
    const portalActor = portalActorFor(db, portalToken);
    if (!portalActor) return { ok: false, error: { code: 'FORBIDDEN', message: 'This customer-portal session has ended' } };
    actor = portalActor;
  }
  // The business date is decided here, at the boundary, once per call (wall clock or a demo database's own date).
  const ctx: AppContext = { db, clock: fixedClock(hostBusinessDate(db)), actor, source: `app window ${event.sender.id}` };
  const result = dispatch(ctx, channel, input);
  // Sign-in binds the session to this window in main; the token itself never reaches the renderer.
  if ((channel === 'auth.signIn' || channel === 'auth.setup') && result.ok) {
    const signed = result.data as StaffSession;
    staffWindows.set(event.sender.id, signed.token);
    return { ok: true, data: { ...signed, token: '' } };
  }
  if (channel === 'auth.signOut') staffWindows.delete(event.sender.id);
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

app.on('will-quit', () => {
  dayBoundary?.stop();
  dayBoundary = undefined;
  backupSchedule?.stop();
  backupSchedule = undefined;
  void outboxSender?.stop();
  outboxSender = undefined;
  accountingImport?.stop();
  accountingImport = undefined;
  db?.close();
  db = undefined;
});
