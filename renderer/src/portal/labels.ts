import type { PortalColumn, PortalProfileField } from '../../../main/contract/portal';
import { labels } from '../format';

// The contract's PORTAL_COLUMN_LABELS / PORTAL_PROFILE_FIELD_LABELS in the reader's language (portal and Config).

export const PORTAL_COLUMN_LABEL = labels<PortalColumn>({
  id: 'ID',
  description: 'Description',
  plan: 'Plan',
  price: 'Price',
  startDate: 'Start date',
  invoicedUntil: 'Invoiced until',
  login: 'Service login',
  ipv4: 'IPv4 address',
  phone: 'Phone',
  status: 'Status',
});

export const PORTAL_PROFILE_FIELD_LABEL = labels<PortalProfileField>({ email: 'E-mail', phone: 'Phone', address: 'Address' });
