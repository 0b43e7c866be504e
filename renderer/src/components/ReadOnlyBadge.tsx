import { Badge, Tooltip } from '@mantine/core';
import { useQuery } from '../hooks/useApi';
import { t } from '../i18n';

/** Shown in the header when the database is open read-only because another instance of the app holds it. */
export function ReadOnlyBadge() {
  const info = useQuery('system.info', {});
  if (!info.data?.readOnly) return null;
  return (
    <Tooltip label={t('Another instance of ISP Back Office is using this database: you can look, but changes are refused here.')}>
      <Badge color="red" data-testid="read-only-badge">
        {t('Read-only')}
      </Badge>
    </Tooltip>
  );
}
