import type { StaffRole } from './auth';

// What each staff role may do, decided in the application layer (dispatch) for every channel: reading is open
// to every signed-in staff member; posting money and changing settings are not (issue: "support cannot post
// money or change settings").

export type Permission = 'read' | 'support' | 'money' | 'settings';

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  administrator: ['read', 'support', 'money', 'settings'],
  finance: ['read', 'support', 'money'],
  support: ['read', 'support'],
};

/** Writes that move money or the business clock. */
const MONEY = new Set([
  'billing.addPayment',
  'billing.oneTimeInvoice',
  'changePlan.apply',
  'changePlan.cancel',
  'tickets.approveChange',
  'days.runUntil',
  'days.advance',
]);
// import.*: a payments file moves money; a customers file sets up services with their prices for many customers at
// once — the finance role's business (support still adds customers one by one). The preview (a dry run through the
// write paths) needs the same role: it shows which customer each bank row pays.
const MONEY_PREFIXES = ['bulk.', 'import.'];

/** Writes that change how the ISP is configured, who may sign in, or replace the database. */
const SETTINGS = new Set([
  'settings.update',
  'settings.reset',
  'partners.create',
  'partners.update',
  'routers.save',
  'ipv4.saveNetwork',
  'ipv4.savePool',
  'plans.create',
  'plans.update',
  'system.createDemo',
]);
const SETTINGS_PREFIXES = ['staff.', 'backup.'];

export function permissionOf(channel: string, readOnly: boolean): Permission {
  if (readOnly) return channel.startsWith('staff.') ? 'settings' : 'read';
  if (SETTINGS.has(channel) || SETTINGS_PREFIXES.some((p) => channel.startsWith(p))) return 'settings';
  if (MONEY.has(channel) || MONEY_PREFIXES.some((p) => channel.startsWith(p))) return 'money';
  return 'support';
}

export const roleMay = (role: StaffRole, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission);
