import { Card, Select, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../components/common';
import { UsageChart, useUsageRange } from '../components/UsageChart';
import { SERVICE_STATUS_LABEL } from '../format';
import { useQuery } from '../hooks/useApi';
import { usePortal } from './PortalApp';
import { t } from '../i18n';

/** Portal → Statistics: the daily traffic of one of the customer's Internet services (portal.usage), last 30 days by default. */
export function PortalStatisticsPage() {
  const { session } = usePortal();
  const services = session.usageServices;
  const [picked, setPicked] = useState<number | null>(() => (services.find((s) => s.status === 'active') ?? services[0])?.id ?? null);
  const range = useUsageRange(session.businessDate);
  const usage = useQuery('portal.usage', picked !== null && range.valid ? { serviceId: picked, from: range.from, to: range.to } : null);
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('Statistics')}
      </Title>
      <Card withBorder padding="sm">
        {picked === null ? (
          <EmptyState text={t('You have no Internet service')} />
        ) : (
          <UsageChart
            range={range}
            usage={usage}
            controls={
              <Select
                label={t('Service')}
                size="xs"
                w={260}
                allowDeselect={false}
                value={String(picked)}
                onChange={(v) => v && setPicked(Number(v))}
                data={services.map((s) => ({ value: String(s.id), label: `${s.label} (#${s.id}${s.status === 'active' ? '' : `, ${SERVICE_STATUS_LABEL[s.status] ?? s.status}`})` }))}
              />
            }
          />
        )}
      </Card>
    </Stack>
  );
}
