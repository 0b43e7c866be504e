import { Badge, Tooltip } from '@mantine/core';
import type { OnlineService } from '../../../../main/contract/sessions';
import { formatTime } from './time';
import { t } from '../../i18n';

/**
 * "Online": the service (or one of the customer's services) has an open RADIUS session — the router reported on it
 * within network.staleAfterMissedInterims interim intervals (the import closes it as stale otherwise).
 */
export function OnlineBadge({ session }: { session?: Pick<OnlineService, 'since' | 'framedIp' | 'lastUpdate'> }) {
  const badge = (
    <Badge size="xs" color="green" variant="dot" data-testid="online-badge">
      {t('Online')}
    </Badge>
  );
  if (!session) return badge;
  const detail = [
    t('since {{time}}', { time: formatTime(session.since) }),
    session.framedIp && `IP ${session.framedIp}`,
    t('last report {{time}}', { time: formatTime(session.lastUpdate) }),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip label={detail} withinPortal>
      {badge}
    </Tooltip>
  );
}
