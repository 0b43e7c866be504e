import { AreaChart } from '@mantine/charts';
import { Group, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { UsagePoint } from '../../../main/contract/services';
import { addDays, formatBytes, isValidIsoDate } from '../format';
import type { QueryState } from '../hooks/useApi';
import { DateField, EmptyState, ErrorAlert, LoadingRows } from './common';
import { t } from '../i18n';

// The traffic of one Internet service: a From/To range, download/upload totals and the daily chart (MB per day).
// Staff see it in the service's "Traffic" dialog (services.usage), the customer on Portal → Statistics
// (portal.usage); each caller runs its own channel with `range` and hands the answer here.

export interface UsageRange {
  from: string;
  to: string;
  setFrom: (v: string) => void;
  setTo: (v: string) => void;
  /** both dates are real and From ≤ To: only then is the channel called */
  valid: boolean;
}

/** The last 30 days up to `today` (the business date), editable. */
export function useUsageRange(today: string): UsageRange {
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  return { from, to, setFrom, setTo, valid: isValidIsoDate(from) && isValidIsoDate(to) && from <= to };
}

/** `controls` go before the date fields (the portal's service picker). */
export function UsageChart({ range, usage, controls }: { range: UsageRange; usage: QueryState<UsagePoint[]>; controls?: ReactNode }) {
  const points = usage.data ?? [];
  const data = points.map((p) => ({
    day: p.day,
    Download: Math.round(p.rxBytes / 10_000) / 100,
    Upload: Math.round(p.txBytes / 10_000) / 100,
  }));
  const totalRx = points.reduce((a, p) => a + p.rxBytes, 0);
  const totalTx = points.reduce((a, p) => a + p.txBytes, 0);
  const { from, to } = range;
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        {controls}
        <DateField label={t('From')} size="xs" value={from} onChange={range.setFrom} w={130} />
        <DateField label={t('To')} size="xs" value={to} onChange={range.setTo} w={130} error={isValidIsoDate(from) && isValidIsoDate(to) && from > to ? t('before From') : undefined} />
        {usage.data && (
          <Text size="xs" c="dimmed" data-testid="usage-totals">
            {t('Download {{rx}} · Upload {{tx}}', { rx: formatBytes(totalRx), tx: formatBytes(totalTx) })}
          </Text>
        )}
      </Group>
      {usage.error ? (
        <ErrorAlert error={usage.error} title={t('Cannot load traffic')} />
      ) : usage.loading && !usage.data ? (
        <LoadingRows rows={6} />
      ) : data.length === 0 ? (
        <EmptyState text={t('No traffic recorded in this range')} />
      ) : (
        <AreaChart h={260} data={data} dataKey="day" unit=" MB" withLegend series={[
            { name: 'Download', label: t('Download'), color: 'indigo.6' },
            { name: 'Upload', label: t('Upload'), color: 'teal.6' },
          ]} curveType="monotone" data-testid="usage-chart" />
      )}
    </Stack>
  );
}
