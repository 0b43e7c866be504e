import type { CatalogueKey } from '../../i18n';
// Every keyboard shortcut of the back office, in one list: the help overlay ("?") shows exactly these, and the
// handlers (KeyboardShortcuts, the pages' own useHotkeys) use the same `keys`. Letters fire only outside text
// fields (Mantine's useHotkeys ignores INPUT / TEXTAREA / SELECT) and not while a dialog is open.

export interface Shortcut {
  /** as shown: each element one key, e.g. ['g', 'c'] = g then c */
  keys: string[];
  what: CatalogueKey;
  /** the page shown after "Go to" */
  page?: CatalogueKey;
  /** where it works, when not everywhere */
  where?: CatalogueKey;
}

/** `label`, `what`, `where`: catalogue keys, shown through tk() in the reader's language. */
export const GO_TO: { key: string; path: string; label: CatalogueKey }[] = [
  { key: 'c', path: '/customers', label: 'Customers' },
  { key: 'p', path: '/plans', label: 'Tariff plans' },
  { key: 't', path: '/tickets', label: 'Tickets' },
  { key: 'h', path: '/changes', label: 'Plan changes' },
  { key: 'f', path: '/finance', label: 'Finance' },
  { key: 's', path: '/config', label: 'Config' },
];

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Ctrl', 'K'], what: 'Search customers and invoices' },
  { keys: ['/'], what: 'Search customers and invoices' },
  ...GO_TO.map((g): Shortcut => ({ keys: ['g', g.key], what: 'Go to {{page}}', page: g.label })),
  { keys: ['n'], what: 'Add a customer', where: 'Customers list' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['Esc'], what: 'Close a dialog (asks first when a form has changes)' },
];

/** True while a dialog (modal, spotlight) is open: page shortcuts then stay quiet. */
export const dialogOpen = (): boolean => document.querySelector('[role="dialog"]') !== null;
