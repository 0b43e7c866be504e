import { useSyncExternalStore } from 'react';

// A tiny hash router: the route is the part after '#', e.g. '#/customers/12/services' → ['customers', '12', 'services'].
// Works the same under file:// (Electron) and http:// (harness), and needs no dependency.

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

function currentHash(): string {
  return window.location.hash || '#/';
}

export interface Route {
  /** e.g. '/customers/12/services' */
  path: string;
  segments: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, segments, query: new URLSearchParams(queryPart) };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '#/');
  return parseHash(hash);
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const target = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (opts.replace) {
    window.history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = target;
}

export function href(path: string): string {
  return `#${path.startsWith('/') ? path : `/${path}`}`;
}

/** True when the current path is `prefix` or below it (for nav highlighting). */
export function isActive(route: Route, prefix: string): boolean {
  return route.path === prefix || route.path.startsWith(`${prefix}/`);
}
