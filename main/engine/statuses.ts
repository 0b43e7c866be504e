import type { CustomerStatus, ServiceStatus } from './types';

// Manual status changes (staff edits and scheduled status changes, decision 12). Automatic transitions (Pending →
// Active on the start date, Active → Disabled after the end date, dunning) are not decided here. Explicit tables,
// so the UI can offer exactly the allowed targets and the app layer refuses the rest with the same reason.

export const SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'pending', 'disabled', 'stopped', 'archived'];
export const CUSTOMER_STATUSES: readonly CustomerStatus[] = ['new', 'active', 'blocked', 'inactive'];

/** from → allowed manual targets. */
export const SERVICE_TRANSITIONS: Readonly<Record<ServiceStatus, readonly ServiceStatus[]>> = {
  // Stopped = paused (not billed); Disabled = no longer used (billed until its end date); Archived = kept for reference.
  active: ['stopped', 'disabled', 'archived'],
  // A pending service becomes Active by reaching its start date (change the start date to start earlier); it can
  // be put aside before it starts.
  pending: ['stopped', 'archived'],
  disabled: ['active', 'stopped', 'archived'],
  stopped: ['active', 'disabled', 'archived'],
  // Archived services are history: their login and IP may already be reused.
  archived: [],
};

export const CUSTOMER_TRANSITIONS: Readonly<Record<CustomerStatus, readonly CustomerStatus[]>> = {
  new: ['active', 'inactive'],
  active: ['blocked', 'inactive'],
  blocked: ['active', 'inactive'],
  // Reactivating by hand is allowed (e.g. after a settlement); services are then re-enabled by the app layer.
  inactive: ['active'],
};

const SERVICE_REASONS: Partial<Record<ServiceStatus, string>> = {
  pending: 'a pending service becomes active on its start date: change the start date instead',
  archived: 'an archived service is kept for reference only and cannot change status',
};

/** Why a manual service status change is refused, or null when it is allowed. */
export function serviceStatusChangeRefusal(from: ServiceStatus, to: ServiceStatus): string | null {
  if (!SERVICE_STATUSES.includes(to)) return `unknown service status "${to}"`;
  if (from === to) return `the service is already ${from}`;
  if (to === 'pending') return 'a service is pending only while it waits for a future start date: set the start date instead';
  if (SERVICE_TRANSITIONS[from]?.includes(to)) return null;
  return SERVICE_REASONS[from] ?? `a ${from} service cannot be made ${to} by hand`;
}

/** Why a manual customer status change is refused, or null when it is allowed. */
export function customerStatusChangeRefusal(from: CustomerStatus, to: CustomerStatus): string | null {
  if (!CUSTOMER_STATUSES.includes(to)) return `unknown customer status "${to}"`;
  if (from === to) return `the customer is already ${from}`;
  if (to === 'new') return 'a customer cannot go back to New once connected';
  if (CUSTOMER_TRANSITIONS[from]?.includes(to)) return null;
  return `a ${from} customer cannot be made ${to} by hand`;
}

export const canChangeServiceStatus = (from: ServiceStatus, to: ServiceStatus): boolean => serviceStatusChangeRefusal(from, to) === null;
export const canChangeCustomerStatus = (from: CustomerStatus, to: CustomerStatus): boolean => customerStatusChangeRefusal(from, to) === null;
