import { Badge, Tooltip } from '@mantine/core';
import { useQuery } from '../hooks/useApi';

/** Shown in the header when the database is open read-only because another instance of the app holds it. */
export function ReadOnlyBadge() {
  const info = useQuery('system.info', {});
  if (!info.data?.readOnly) return null;
  return (
    <Tooltip label="Another instance of ISP Back Office is using this database: you can look, but changes are refused here.">
      <Badge color="red" data-testid="read-only-badge">
        Read-only
      </Badge>
    </Tooltip>
  );
}
