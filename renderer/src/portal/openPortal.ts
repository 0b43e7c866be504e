import type { AppErrorData } from '../../../main/contract/errors';
import { api } from '../transport';

/**
 * "Login as customer": opens a portal session (portal.open, audited) and shows the portal in its own window.
 * Under Electron main opens the window itself, bound to the session (the answer says `windowOpened`); in a browser
 * the portal opens in a new tab whose hash carries the token (transport.ts sends it as X-Portal-Session).
 * The tab is opened before the call, while the click still counts as a user gesture, so pop-up blockers let it be.
 */
export async function openCustomerPortal(customerId: number): Promise<AppErrorData | null> {
  const tab = api.kind === 'http' ? window.open('', '_blank') : null;
  const res = await api.call('portal.open', { customerId });
  if (!res.ok) {
    tab?.close();
    return res.error;
  }
  if (res.data.windowOpened) return null;
  const url = new URL(res.data.hash, window.location.href).href;
  if (tab) tab.location.href = url;
  else if (!window.open(url, '_blank')) return { code: 'INTERNAL', message: 'The browser blocked the new tab: allow pop-ups for this page' };
  return null;
}
