import { Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Menu, SimpleGrid, Skeleton, Stack, Tabs, Text, Timeline, Title } from '@mantine/core';
import { IconChevronDown, IconFileInvoice, IconLogin, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { ServiceRow } from '../../../../main/contract/services';
import { CustomerStatusBadge, ErrorAlert, Field, Money } from '../../components/common';
import { formatDate, formatMoney } from '../../format';
import { useQuery } from '../../hooks/useApi';
import { useBusinessDate } from '../../hooks/businessDate';
import { navigate } from '../../router';
import { BillingTab } from './BillingTab';
import { CustomerForm } from './CustomerForm';
import { LogTab } from './LogTab';
import { ServicesTab } from './ServicesTab';
import { StatementDialog } from '../../components/StatementView';
import { CustomerTicketsTab } from '../tickets/CustomerTicketsTab';
import { openCustomerPortal } from '../../portal/openPortal';
import { notifications } from '@mantine/notifications';
import { LANGUAGE_INFO, t } from '../../i18n';
import { errorText } from '../../i18n/errors';

const TABS = ['information', 'services', 'billing', 'tickets', 'log'] as const;
type Tab = (typeof TABS)[number];

export function CustomerProfile({
  customerId,
  tab,
  onChangePlan = () => {},
}: {
  customerId: number;
  tab: string | undefined;
  /** opens the change-plan dialog (built separately); a no-op until then */
  onChangePlan?: (service: ServiceRow) => void;
}) {
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'information';
  const customer = useQuery('customers.get', { id: customerId });
  const [editing, setEditing] = useState(false);
  const [statement, setStatement] = useState(false);
  const c = customer.data;

  return (
    <Stack gap="xs">
      <Breadcrumbs fz="sm">
        <Anchor href="#/customers" size="sm">
          {t('Customers')}
        </Anchor>
        <Text size="sm">{c ? c.name : `#${customerId}`}</Text>
      </Breadcrumbs>
      {customer.error && <ErrorAlert error={customer.error} title={t('Cannot load the customer')} />}
      {!c && customer.loading && <Skeleton height={40} />}
      {c && (
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3}>{c.name}</Title>
            <Text c="dimmed" size="sm">
              #{c.id}
            </Text>
            <CustomerStatusBadge status={c.status} />
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconFileInvoice size={14} />} onClick={() => setStatement(true)}>
              {t('Statement')}
            </Button>
            <Text size="sm">
              {t('Balance')}:{' '}
              <Text component="span" fw={600} c={c.balance < 0 ? 'red' : undefined} data-testid="customer-balance">
                {formatMoney(c.balance)}
              </Text>
            </Text>
          </Group>
        </Group>
      )}
      {statement && <StatementDialog customerId={customerId} onClose={() => setStatement(false)} />}
      <Tabs value={current} onChange={(v) => v && navigate(`/customers/${customerId}${v === 'information' ? '' : `/${v}`}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="information">{t('Information')}</Tabs.Tab>
          <Tabs.Tab value="services">
            {t('Services')}
            {c ? ` (${c.counts.services})` : ''}
          </Tabs.Tab>
          <Tabs.Tab value="billing">{t('Billing')}</Tabs.Tab>
          <Tabs.Tab value="tickets">{t('Tickets')}</Tabs.Tab>
          <Tabs.Tab value="log">{t('Log')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="information" pt="sm">
          {c && <InformationTab customer={c} onEdit={() => setEditing(true)} />}
        </Tabs.Panel>
        <Tabs.Panel value="services" pt="sm">
          {c && <ServicesTab customer={c} onChangePlan={onChangePlan} />}
        </Tabs.Panel>
        <Tabs.Panel value="billing" pt="sm">
          {c && <BillingTab customer={c} />}
        </Tabs.Panel>
        <Tabs.Panel value="tickets" pt="sm">
          <CustomerTicketsTab customerId={customerId} />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="sm">
          <LogTab customerId={customerId} />
        </Tabs.Panel>
      </Tabs>
      {editing && c && (
        <CustomerForm
          customer={c}
          opened
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}

const days = (v: number | 'never') => (v === 'never' ? t('never') : t('{{count}} days', { count: v }));

function InformationTab({ customer: c, onEdit }: { customer: CustomerDetail; onEdit: () => void }) {
  const today = useBusinessDate();
  const d = c.dunning;
  const e = c.effectiveBilling;
  const past = (date: string | null) => !!date && date <= today;
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Card withBorder padding="sm">
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              {t('Main information')}
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={onEdit}>
                {t('Edit')}
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />}>
                    {t('Actions')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconLogin size={14} />} onClick={() => void loginAsCustomer(c.id)}>
                    {t('Login as customer')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
            <Field label={t('Status')}>
              <CustomerStatusBadge status={c.status} />
            </Field>
            <Field label={t('Partner')}>{c.partnerName}</Field>
            <Field label={t('Category')}>{c.category === 'company' ? t('Company') : t('Person')}</Field>
            <Field label={t('Created')}>{formatDate(c.createdOn)}</Field>
            <Field label={t('Language')}>{LANGUAGE_INFO[c.language]?.name ?? c.language}</Field>
            <Field label={t('E-mail')}>{c.email || '—'}</Field>
            <Field label={t('Phone')}>{c.phone || '—'}</Field>
            <Field label={t('Address')}>{c.address || '—'}</Field>
            <Field label={t('Portal login')}>
              {c.portalLogin || '—'} {c.hasPortalPassword ? '' : <Badge size="xs" color="gray">{t('no password')}</Badge>}
            </Field>
            <Field label={t('Balance')}>
              <Money cents={c.balance} colored />
            </Field>
            <Field label={t('Unpaid invoices')}>{c.counts.unpaidInvoices}</Field>
          </SimpleGrid>
          {c.notes && (
            <Text size="sm" mt="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {c.notes}
            </Text>
          )}
        </Card>
        <Card withBorder padding="sm" mt="sm">
          <Text fw={600} size="sm" mb="xs">
            {t('Billing settings (effective)')}
          </Text>
          <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
            <Field label={t('Billing day')}>
              {e.useCreationDate ? t('creation date ({{day}})', { day: e.billingDay }) : e.billingDay}
              {c.billing.billingDay === null && c.billing.useCreationDate === null ? ` · ${t('partner')}` : ''}
            </Field>
            <Field label={t('Payment due')}>{days(e.paymentDueDays)}</Field>
            <Field label={t('Blocking')}>{days(e.blockingDays)}</Field>
            <Field label={t('Deactivation')}>{days(e.deactivationDays)}</Field>
            <Field label={t('Minimum balance')}>
              <Money cents={e.minimumBalance} />
            </Field>
          </SimpleGrid>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder padding="sm">
          <Text fw={600} size="sm" mb="xs">
            {t('Dunning timeline')}
          </Text>
          <Timeline bulletSize={14} lineWidth={2} active={[d.nextInvoiceDate, d.dueDate, d.blockingDate, d.deactivationDate].filter(past).length - 1}>
            <Timeline.Item title={t('Next invoice')}>
              <Text size="sm" data-testid="dunning-next-invoice">
                {formatDate(d.nextInvoiceDate)}
              </Text>
            </Timeline.Item>
            <Timeline.Item title={t('Payment due')} color={past(d.dueDate) ? 'orange' : undefined}>
              <Text size="sm" data-testid="dunning-due">
                {d.dueDate ? formatDate(d.dueDate) : t('— (nothing unpaid)')}
              </Text>
              {d.unpaidInvoiceId && (
                <Anchor size="xs" href={`#/customers/${c.id}/billing`}>
                  {t('unpaid invoice #{{id}}', { id: d.unpaidInvoiceId })}
                </Anchor>
              )}
            </Timeline.Item>
            <Timeline.Item title={t('Blocking')} color={past(d.blockingDate) ? 'red' : undefined}>
              <Text size="sm" data-testid="dunning-blocking">
                {d.blockingDate ? formatDate(d.blockingDate) : e.blockingDays === 'never' ? t('never') : '—'}
              </Text>
            </Timeline.Item>
            <Timeline.Item title={t('Deactivation')} color={past(d.deactivationDate) ? 'red' : undefined}>
              <Text size="sm" data-testid="dunning-deactivation">
                {d.deactivationDate ? formatDate(d.deactivationDate) : e.deactivationDays === 'never' || e.blockingDays === 'never' ? t('never') : '—'}
              </Text>
            </Timeline.Item>
          </Timeline>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

/** Actions → Login as customer: the portal for this customer in its own window (browser: a new tab). */
async function loginAsCustomer(customerId: number): Promise<void> {
  const error = await openCustomerPortal(customerId);
  if (error) notifications.show({ color: 'red', title: t('Cannot open the customer portal'), message: errorText(error) });
}
