// Electron security settings, kept free of any `electron` import so unit tests can assert on them
// (test/unit/electron-security.test.ts fails when someone loosens one of them).

/** webPreferences of every window we open (the preload path is added by main/index.ts). */
export const WINDOW_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  spellcheck: false,
} as const);

/** The one IPC channel between renderer and main (see preload/bridge.ts). */
export { API_CHANNEL, SAVE_PDF_CALL } from '../../preload/bridge';

// Mantine writes inline style attributes and <style> tags, hence 'unsafe-inline' for styles only; scripts
// come from our own files and nothing else. connect-src 'self' lets the browser harness reach /rpc (same origin).
const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

const join = (d: ReadonlyArray<readonly [string, string]>) => d.map(([k, v]) => `${k} ${v}`).join('; ');

/** Sent as a response header (Electron session hook and the web harness). */
export const CONTENT_SECURITY_POLICY = join(CSP_DIRECTIVES);

/** The <meta> copy in renderer/index.html: browsers ignore (and warn about) frame-ancestors in a meta tag. */
export const CONTENT_SECURITY_POLICY_META = join(CSP_DIRECTIVES.filter(([k]) => k !== 'frame-ancestors'));

/**
 * Only for `electron-vite dev`: Vite's React refresh preamble is an inline script and HMR talks over a websocket.
 * Never used by a built app (main/index.ts picks it only when ELECTRON_RENDERER_URL is set).
 */
export const DEV_CONTENT_SECURITY_POLICY = join(
  CSP_DIRECTIVES.map(([k, v]): [string, string] =>
    k === 'script-src' ? [k, "'self' 'unsafe-inline'"] : k === 'connect-src' ? [k, "'self' ws: http://localhost:* http://127.0.0.1:*"] : [k, v],
  ),
);

/** How the Electron host was started: installed (packaged) or from the repository, and the environment it was given. */
export interface RunMode {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/?$/;

/**
 * The Vite dev server to load instead of the built page: only under `electron-vite dev`, which sets
 * NODE_ENV_ELECTRON_VITE=development and ELECTRON_RENDERER_URL (a loopback address) for the Electron it starts.
 * `npm start` (electron-vite preview sets NODE_ENV_ELECTRON_VITE=production) and a packaged app never obey it:
 * whatever origin it named would be trusted with the whole IPC channel.
 */
export function devServerUrlOf(run: RunMode): string | undefined {
  if (run.isPackaged || run.env.NODE_ENV_ELECTRON_VITE !== 'development') return undefined;
  const url = run.env.ELECTRON_RENDERER_URL;
  return url !== undefined && LOOPBACK_HTTP.test(url) ? url : undefined;
}

/** DevTools (the console can call window.api as the signed-in staff member): never in an installed app. */
export const devToolsAllowed = (run: RunMode): boolean => !run.isPackaged;

/** Where the app is loaded from: the built index.html (file://) or, in development, the Vite dev server. */
export interface AppLocation {
  /** absolute file:// URL of out/renderer/index.html */
  rendererFileUrl: string;
  /** http://localhost:5173/ style URL when running `electron-vite dev` */
  devServerUrl?: string;
}

/** True when `url` is a page of our app (any hash/query), false for anything else (other files, sites, schemes). */
export function isAppUrl(url: string, app: AppLocation): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (app.devServerUrl) {
    const dev = new URL(app.devServerUrl);
    if (u.origin === dev.origin && u.origin !== 'null') return true;
  }
  const file = new URL(app.rendererFileUrl);
  return u.protocol === 'file:' && file.protocol === 'file:' && u.host === file.host && u.pathname === file.pathname;
}

export interface SenderInfo {
  /** URL of event.senderFrame (null when the frame is gone) */
  frameUrl: string | null | undefined;
  /** senderFrame === webContents.mainFrame: iframes never get the API */
  isMainFrame: boolean;
  /** the sending webContents belongs to one of the BrowserWindows we created */
  fromOurWindow: boolean;
}

/** The IPC gate: only the main frame of our own window, showing our own page, may call the application. */
export function isTrustedSender(sender: SenderInfo, app: AppLocation): boolean {
  return sender.fromOurWindow && sender.isMainFrame && typeof sender.frameUrl === 'string' && isAppUrl(sender.frameUrl, app);
}

/** Permission requests (camera, notifications, geolocation, …): the back office needs none. */
export const ALLOWED_PERMISSIONS: readonly string[] = Object.freeze([]);

/** window.open / target=_blank: denied. The customer-portal window will be opened by main itself. */
export const WINDOW_OPEN_POLICY = 'deny' as const;
