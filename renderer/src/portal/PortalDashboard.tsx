import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert, InvoiceStatusBadge, LoadingRows } from '../components/common';
import { formatDate, formatMoney } from '../format';
import { useQuery } from '../hooks/useApi';
import { navigate } from '../router';
import { portalPath, usePortal } from './PortalApp';
import { TicketStatusBadge } from '../pages/tickets/ticketBadges';
import { t } from '../i18n';

function Stat({ label, value, testId, color, onClick }: { label: string; value: string; testId: string; color?: string; onClick?: () => void }) {
  return (
    <Card withBorder padding="sm" style={onClick ? { cursor: 'pointer' } : undefined} onClick={onClick}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Card>
  );
}

/** Dashboard: balance, unpaid invoices, open tickets, pending plan changes. */
export function PortalDashboardPage() {
  const { session } = usePortal();
  const d = useQuery('portal.dashboard', {});
  const data = d.data;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('Welcome, {{name}}', { name: session.customerName })}
      </Title>
      <ErrorAlert error={d.error} />
      {!data && d.loading && <LoadingRows />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <Stat label={t('Balance')} value={formatMoney(data.balance)} testId="portal-balance" color={data.balance < 0 ? 'red' : 'teal'} />
            <Stat
              label={t('Unpaid invoices')}
              value={`${data.unpaidInvoices.count} · ${formatMoney(data.unpaidInvoices.total)}`}
              testId="portal-unpaid"
              onClick={session.menu.finance ? () => navigate(portalPath('finance')) : undefined}
            />
            <Stat
              label={t('Open tickets')}
              value={String(data.openTickets.count)}
              testId="portal-open-tickets"
              onClick={session.menu.tickets ? () => navigate(portalPath('tickets')) : undefined}
            />
            <Stat label={t('Active services')} value={String(data.activeServices)} testId="portal-active-services" />
          </SimpleGrid>
          {data.pendingChanges.length > 0 && (
            <Card withBorder padding="sm">
              <Text fw={600} size="sm" mb={4}>
                {t('Pending plan changes')}
              </Text>
              {data.pendingChanges.map((p) => (
                <Group key={`${p.serviceId}-${p.start}`} gap="xs">
                  <Badge size="sm" color="blue" variant="light">
                    {t('Pending')}
                  </Badge>
                  <Text size="sm">
                    {t('Service #{{id}} changes to {{plan}} on {{date}}', { id: p.serviceId, plan: p.newPlanName, date: formatDate(p.start) })}
                  </Text>
                </Group>
              ))}
            </Card>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Card withBorder padding="sm">
              <Text fw={600} size="sm" mb={4}>
                {t('Unpaid invoices')}
              </Text>
              {data.unpaidInvoices.rows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('Nothing to pay.')}
                </Text>
              ) : (
                <Table fz="sm" verticalSpacing={3}>
                  <Table.Tbody>
                    {data.unpaidInvoices.rows.map((i) => (
                      <Table.Tr key={i.id}>
                        <Table.Td>{i.number}</Table.Td>
                        <Table.Td>{t('due {{date}}', { date: formatDate(i.dueDate) })}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}>{formatMoney(i.total - i.paid)}</Table.Td>
                        <Table.Td>
                          <InvoiceStatusBadge status={i.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
            <Card withBorder padding="sm">
              <Text fw={600} size="sm" mb={4}>
                {t('Open tickets')}
              </Text>
              {data.openTickets.rows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('No open tickets.')}
                </Text>
              ) : (
                <Stack gap={4}>
                  {data.openTickets.rows.map((row) => (
                    <Group key={row.id} gap="xs" wrap="nowrap">
                      <TicketStatusBadge status={row.status} />
                      {session.menu.tickets ? (
                        <Anchor size="sm" href={`#${portalPath('tickets', row.id)}`}>
                          #{row.id} {row.subject}
                        </Anchor>
                      ) : (
                        <Text size="sm">
                          #{row.id} {row.subject}
                        </Text>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
