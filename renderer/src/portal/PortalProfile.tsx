import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { PortalProfile } from '../../../main/contract/portal';
import { CustomerStatusBadge, ErrorAlert, Field, LoadingRows } from '../components/common';
import { useQuery } from '../hooks/useApi';
import { portalPath, usePortal } from './PortalApp';

const dash = (v: string) => v || '—';

/** Portal → Profile (view only): the customer's details and billing terms (portal.profile); changes go through a ticket. */
export function PortalProfilePage() {
  const profile = useQuery('portal.profile', {});
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Profile
      </Title>
      {profile.error ? <ErrorAlert error={profile.error} /> : profile.data ? <ProfileView data={profile.data} /> : <LoadingRows />}
    </Stack>
  );
}

function ProfileView({ data }: { data: PortalProfile }) {
  const { session } = usePortal();
  const due = data.billing.paymentDueDays;
  return (
    <>
      <Card withBorder padding="sm" data-testid="portal-profile">
        <Text fw={600} size="sm" mb="xs">
          Your details
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" verticalSpacing={6}>
          <Field label="Name">{data.name}</Field>
          <Field label="Category">{data.category === 'company' ? 'Company' : 'Person'}</Field>
          <Field label="Status">
            <CustomerStatusBadge status={data.status} />
          </Field>
          <Field label="Portal login">{dash(data.portalLogin)}</Field>
          <Field label="E-mail">{dash(data.email)}</Field>
          <Field label="Phone">{dash(data.phone)}</Field>
          <Field label="Address">
            <span style={{ whiteSpace: 'pre-wrap' }}>{dash(data.address)}</span>
          </Field>
          <Field label="Partner">{data.partnerName}</Field>
          <Field label="Customer since">{data.customerSince}</Field>
        </SimpleGrid>
      </Card>
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb="xs">
          Billing
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" verticalSpacing={6}>
          <Field label="Billing day">
            Day {data.billing.billingDay} of each month{data.billing.useCreationDate ? ' (from the day you became a customer)' : ''}
          </Field>
          <Field label="Payment due">{due === 0 ? 'on the invoice date' : `${due} day${due === 1 ? '' : 's'} after the invoice date`}</Field>
        </SimpleGrid>
      </Card>
      <Text size="sm" c="dimmed" data-testid="portal-profile-change">
        {session.menu.tickets ? (
          <>
            To change these details, open a ticket on the <Anchor href={`#${portalPath('tickets')}`}>Tickets</Anchor> page.
          </>
        ) : (
          <>To change these details, please contact us.</>
        )}
      </Text>
    </>
  );
}
