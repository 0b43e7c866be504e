import { Code, Grid, Text } from '@mantine/core';
import { useState } from 'react';
import type { AuditEntry } from '../../../../main/contract/customers';
import { ErrorAlert } from '../../components/common';
import { ServerTable } from '../../components/ServerTable';
import { useQuery } from '../../hooks/useApi';
import { formatDate, labels } from '../../format';
import { t } from '../../i18n';

/** The audit log's entity names (main/app: audit({ entity })). */
const ENTITY_LABEL: Record<string, string> = labels({
  bulk_batch: 'entity.bulk_batch',
  business_clock: 'entity.business_clock',
  customer: 'entity.customer',
  database: 'entity.database',
  invoice: 'entity.invoice',
  partner: 'entity.partner',
  payment: 'entity.payment',
  plan: 'entity.plan',
  plan_change: 'entity.plan_change',
  router: 'entity.router',
  service: 'entity.service',
  settings: 'entity.settings',
  staff: 'entity.staff',
  ticket: 'entity.ticket',
});

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Text size="xs" c="dimmed">—</Text>;
  return (
    <Code block fz="xs" style={{ maxHeight: 260, overflow: 'auto' }}>
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}

/** Changed keys between two audit snapshots (shallow), to show a compact summary in the row. */
function changedKeys(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function LogTab({ customerId }: { customerId: number }) {
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const log = useQuery('customers.auditLog', { customerId, page, pageSize }, { keepPrevious: true });
  if (log.error) return <ErrorAlert error={log.error} title={t('Cannot load the log')} />;
  return (
    <ServerTable<AuditEntry>
      label={t('Audit log')}
      query={log}
      page={page}
      onPageChange={setPage}
      pageSize={pageSize}
      emptyText={t('No log entries yet')}
      emptyMinHeight={160}
      highlightOnHover={false}
      rowExpansion={{
        content: ({ record }) => (
          <Grid gap="xs" p="xs">
            <Grid.Col span={6}>
              <Text size="xs" fw={600}>
                {t('Before')}
              </Text>
              <Json value={record.before} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Text size="xs" fw={600}>
                {t('After')}
              </Text>
              <Json value={record.after} />
            </Grid.Col>
          </Grid>
        ),
      }}
      columns={[
        // The business day the change belongs to, with the time of day it was made; the computer's own date (a
        // training clock runs years away from it) only on hover.
        {
          accessor: 'businessDate',
          title: t('When'),
          noWrap: true,
          render: (r) => <span title={t('recorded {{value}}', { value: localStamp(r.at) })}>{`${formatDate(r.businessDate)} ${localStamp(r.at).slice(11, 16)}`}</span>,
        },
        { accessor: 'actor', title: t('By'), width: 120 },
        { accessor: 'entity', title: t('Entity'), render: (r) => `${ENTITY_LABEL[r.entity] ?? r.entity}${r.entityId ? ` #${r.entityId}` : ''}` },
        // what happened, as the application recorded it (English): marked so, for screen readers and translators
        { accessor: 'action', title: t('Action'), render: (r) => <span lang="en">{r.action}</span> },
        {
          accessor: 'changes',
          title: t('Changed'),
          render: (r) => (
            <Text size="xs" c="dimmed" lineClamp={1} lang="en">
              {changedKeys(r.before, r.after).join(', ')}
            </Text>
          ),
        },
      ]}
    />
  );
}

/** An ISO wall-clock instant ("2026-12-06T22:48:03.120Z") as local "YYYY-MM-DD HH:MM:SS". */
function localStamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
