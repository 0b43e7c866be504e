import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { PortalProfile, PortalProfileField } from '../../../main/contract/portal';
import { PORTAL_PROFILE_FIELD_LABEL } from './labels';
import { CustomerStatusBadge, ErrorAlert, Field, LoadingRows } from '../components/common';
import { FormDialog, useChannelForm } from '../components/FormDialog';
import { useQuery } from '../hooks/useApi';
import { portalPath, usePortal } from './PortalApp';
import { t } from '../i18n';
import { formatDate } from '../format';

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
        {t('Profile')}
      </Title>
      {profile.error ? <ErrorAlert error={profile.error} /> : profile.data ? <ProfileView data={profile.data} onEdit={() => setEditing(true)} /> : <LoadingRows />}
      {editing && profile.data && (
        <EditProfile
          data={profile.data}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
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
            {t('Your details')}
          </Text>
          {editable && (
            <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={onEdit}>
              {t('Edit')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" verticalSpacing={6}>
          <Field label={t('Name')}>{data.name}</Field>
          <Field label={t('Category')}>{data.category === 'company' ? t('Company') : t('Person')}</Field>
          <Field label={t('Status')}>
            <CustomerStatusBadge status={data.status} />
          </Field>
          <Field label={t('Portal login')}>{dash(data.portalLogin)}</Field>
          <Field label={t('E-mail')}>{dash(data.email)}</Field>
          <Field label={t('Phone')}>{dash(data.phone)}</Field>
          <Field label={t('Address')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{dash(data.address)}</span>
          </Field>
          <Field label={t('Partner')}>{data.partnerName}</Field>
          <Field label={t('Customer since')}>{formatDate(data.customerSince)}</Field>
        </SimpleGrid>
      </Card>
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb="xs">
          {t('Billing')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" verticalSpacing={6}>
          <Field label={t('Billing day')}>
            {t('Day {{day}} of each month', { day: data.billing.billingDay })}
            {data.billing.useCreationDate ? ` ${t('(from the day you became a customer)')}` : ''}
          </Field>
          <Field label={t('Payment due')}>{due === 0 ? t('on the invoice date') : t('{{count}} days after the invoice date', { count: due })}</Field>
        </SimpleGrid>
      </Card>
      <Text size="sm" c="dimmed" data-testid="portal-profile-change">
        {session.menu.tickets ? (
          <>
            {editable ? t('To change other details, open a ticket on the') : t('To change these details, open a ticket on the')}{' '}
            <Anchor href={`#${portalPath('tickets')}`}>{t('Tickets')}</Anchor> {t('page.')}
          </>
        ) : (
          <>{editable ? t('To change other details, please contact us.') : t('To change these details, please contact us.')}</>
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
      notifications.show({ color: 'teal', message: t('Your details were saved') });
      onSaved();
    },
  });
  return (
    <FormDialog state={state} onClose={onClose} title={t('Edit your details')}>
      {fields.map((f, n) => (
        <TextInput
          key={f}
          label={PORTAL_PROFILE_FIELD_LABEL[f]}
          size="xs"
          autoComplete={AUTOCOMPLETE[f]}
          data-autofocus={n === 0 || undefined}
          {...state.form.getInputProps(f)}
        />
      ))}
    </FormDialog>
  );
}
