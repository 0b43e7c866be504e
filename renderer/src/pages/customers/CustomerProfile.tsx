import { Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Menu, SimpleGrid, Skeleton, Stack, Tabs, Text, Timeline, Title } from '@mantine/core';
import { IconChevronDown, IconFileInvoice, IconLogin, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { ServiceRow } from '../../../../main/contract/services';
import { CustomerStatusBadge, ErrorAlert, Field, Money } from '../../components/common';
import { formatMoney } from '../../format';
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
          Customers
        </Anchor>
        <Text size="sm">{c ? c.name : `#${customerId}`}</Text>
      </Breadcrumbs>
      {customer.error && <ErrorAlert error={customer.error} title="Cannot load the customer" />}
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
              Statement
            </Button>
            <Text size="sm">
              Balance:{' '}
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
          <Tabs.Tab value="information">Information</Tabs.Tab>
          <Tabs.Tab value="services">Services{c ? ` (${c.counts.services})` : ''}</Tabs.Tab>
          <Tabs.Tab value="billing">Billing</Tabs.Tab>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="log">Log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="information" pt="sm">
          {c && <InformationTab customer={c} onEdit={() => setEditing(true)} />}
        </Tabs.Panel>
        <Tabs.Panel value="services" pt="sm">
          {c && <ServicesTab customer={c} onChanged={customer.reload} onChangePlan={onChangePlan} />}
        </Tabs.Panel>
        <Tabs.Panel value="billing" pt="sm">
          {c && <BillingTab customer={c} onChanged={customer.reload} />}
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
          onSaved={() => {
            setEditing(false);
            customer.reload();
          }}
        />
      )}
    </Stack>
  );
}

const days = (v: number | 'never') => (v === 'never' ? 'never' : `${v} day${v === 1 ? '' : 's'}`);

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
              Main information
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={onEdit}>
                Edit
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />}>
                    Actions
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconLogin size={14} />} onClick={() => void loginAsCustomer(c.id)}>
                    Login as customer
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
            <Field label="Status">
              <CustomerStatusBadge status={c.status} />
            </Field>
            <Field label="Partner">{c.partnerName}</Field>
            <Field label="Category">{c.category === 'company' ? 'Company' : 'Person'}</Field>
            <Field label="Created">{c.createdOn}</Field>
            <Field label="E-mail">{c.email || '—'}</Field>
            <Field label="Phone">{c.phone || '—'}</Field>
            <Field label="Address">{c.address || '—'}</Field>
            <Field label="Portal login">
              {c.portalLogin || '—'} {c.hasPortalPassword ? '' : <Badge size="xs" color="gray">no password</Badge>}
            </Field>
            <Field label="Balance">
              <Money cents={c.balance} colored />
            </Field>
            <Field label="Unpaid invoices">{c.counts.unpaidInvoices}</Field>
          </SimpleGrid>
          {c.notes && (
            <Text size="sm" mt="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {c.notes}
            </Text>
          )}
        </Card>
        <Card withBorder padding="sm" mt="sm">
          <Text fw={600} size="sm" mb="xs">
            Billing settings (effective)
          </Text>
          <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
            <Field label="Billing day">
              {e.useCreationDate ? `creation date (${e.billingDay})` : e.billingDay}
              {c.billing.billingDay === null && c.billing.useCreationDate === null ? ' · partner' : ''}
            </Field>
            <Field label="Payment due">{days(e.paymentDueDays)}</Field>
            <Field label="Blocking">{days(e.blockingDays)}</Field>
            <Field label="Deactivation">{days(e.deactivationDays)}</Field>
            <Field label="Minimum balance">
              <Money cents={e.minimumBalance} />
            </Field>
          </SimpleGrid>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder padding="sm">
          <Text fw={600} size="sm" mb="xs">
            Dunning timeline
          </Text>
          <Timeline bulletSize={14} lineWidth={2} active={[d.nextInvoiceDate, d.dueDate, d.blockingDate, d.deactivationDate].filter(past).length - 1}>
            <Timeline.Item title="Next invoice">
              <Text size="sm" data-testid="dunning-next-invoice">
                {d.nextInvoiceDate}
              </Text>
            </Timeline.Item>
            <Timeline.Item title="Payment due" color={past(d.dueDate) ? 'orange' : undefined}>
              <Text size="sm" data-testid="dunning-due">
                {d.dueDate ?? '— (nothing unpaid)'}
              </Text>
              {d.unpaidInvoiceId && (
                <Anchor size="xs" href={`#/customers/${c.id}/billing`}>
                  unpaid invoice #{d.unpaidInvoiceId}
                </Anchor>
              )}
            </Timeline.Item>
            <Timeline.Item title="Blocking" color={past(d.blockingDate) ? 'red' : undefined}>
              <Text size="sm" data-testid="dunning-blocking">
                {d.blockingDate ?? (e.blockingDays === 'never' ? 'never' : '—')}
              </Text>
            </Timeline.Item>
            <Timeline.Item title="Deactivation" color={past(d.deactivationDate) ? 'red' : undefined}>
              <Text size="sm" data-testid="dunning-deactivation">
                {d.deactivationDate ?? (e.deactivationDays === 'never' || e.blockingDays === 'never' ? 'never' : '—')}
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
  if (error) notifications.show({ color: 'red', title: 'Cannot open the customer portal', message: error.message });
}
