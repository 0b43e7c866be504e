import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { PORTAL_PROFILE_FIELD_LABELS, type PortalProfile, type PortalProfileField } from '../../../main/contract/portal';
import { CustomerStatusBadge, ErrorAlert, Field, LoadingRows } from '../components/common';
import { FormDialog, useChannelForm } from '../components/FormDialog';
import { useQuery } from '../hooks/useApi';
import { portalPath, usePortal } from './PortalApp';

const dash = (v: string) => v || '—';

/**
 * Portal → Profile: the customer's details and billing terms (portal.profile). The details the partner allows
 * (`editableFields`) are changed with Edit (portal.updateProfile); anything else goes through a ticket.
 */
export function PortalProfilePage() {
  const profile = useQuery('portal.profile', {});
  const [editing, setEditing] = useState(false);
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Profile
      </Title>
      {profile.error ? <ErrorAlert error={profile.error} /> : profile.data ? <ProfileView data={profile.data} onEdit={() => setEditing(true)} /> : <LoadingRows />}
      {editing && profile.data && (
        <EditProfile
          data={profile.data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            profile.reload();
          }}
        />
      )}
    </Stack>
  );
}

function ProfileView({ data, onEdit }: { data: PortalProfile; onEdit: () => void }) {
  const { session } = usePortal();
  const due = data.billing.paymentDueDays;
  const editable = data.editableFields.length > 0;
  return (
    <>
      <Card withBorder padding="sm" data-testid="portal-profile">
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Your details
          </Text>
          {editable && (
            <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={onEdit}>
              Edit
            </Button>
          )}
        </Group>
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
            To change {editable ? 'other' : 'these'} details, open a ticket on the <Anchor href={`#${portalPath('tickets')}`}>Tickets</Anchor> page.
          </>
        ) : (
          <>To change {editable ? 'other' : 'these'} details, please contact us.</>
        )}
      </Text>
    </>
  );
}

const AUTOCOMPLETE: Record<PortalProfileField, string> = { email: 'email', phone: 'tel', address: 'street-address' };

/** Profile → Edit: only the fields the partner allows; every error beside its field. Enter saves, Escape cancels. */
function EditProfile({ data, onClose, onSaved }: { data: PortalProfile; onClose: () => void; onSaved: () => void }) {
  const fields = data.editableFields;
  const state = useChannelForm('portal.updateProfile', {
    initialValues: { email: data.email, phone: data.phone, address: data.address },
    toInput: (v) => ({ input: Object.fromEntries(fields.map((f) => [f, v[f]])), errors: {} }),
    onSaved: () => {
      notifications.show({ color: 'teal', message: 'Your details were saved' });
      onSaved();
    },
  });
  return (
    <FormDialog state={state} onClose={onClose} title="Edit your details">
      {fields.map((f, n) => (
        <TextInput
          key={f}
          label={PORTAL_PROFILE_FIELD_LABELS[f]}
          size="xs"
          autoComplete={AUTOCOMPLETE[f]}
          data-autofocus={n === 0 || undefined}
          {...state.form.getInputProps(f)}
        />
      ))}
    </FormDialog>
  );
}
