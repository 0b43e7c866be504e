import { PORTAL_COLUMN_LABELS, PORTAL_PROFILE_FIELD_LABELS, type PortalColumn, type PortalProfileField } from '../../../main/contract/portal';
import { labels } from '../format';

// The contract's PORTAL_COLUMN_LABELS / PORTAL_PROFILE_FIELD_LABELS in the reader's language (portal and Config).

export const PORTAL_COLUMN_LABEL = labels<PortalColumn>(PORTAL_COLUMN_LABELS);

export const PORTAL_PROFILE_FIELD_LABEL = labels<PortalProfileField>(PORTAL_PROFILE_FIELD_LABELS);
