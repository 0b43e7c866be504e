import { ActionIcon, Badge, Button, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { RouterAuthMethod, RouterRow } from '../../../../main/contract/config';
import { EmptyState, ErrorAlert } from '../../components/common';
import { FormDialog, useChannelForm, wholeNumber } from '../../components/FormDialog';
import { useRouters } from '../../hooks/useReference';
import { t } from '../../i18n';
import { labels } from '../../format';

// Config → Routers: the routers (NAS) services are attached to, with what RADIUS needs of them. The secret is
// write-only: the form never shows it, an empty field keeps it.

export const AUTH_METHOD_LABEL = labels<RouterAuthMethod>({
  pppRadius: 'PPP (PPPoE) RADIUS',
  hotspotRadius: 'Hotspot RADIUS',
  none: 'None (the router does not ask)',
});

export function RoutersPanel() {
  const routers = useRouters();
  const [editing, setEditing] = useState<RouterRow | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('Add router')}
        </Button>
      </Group>
      {routers.error ? (
        <ErrorAlert error={routers.error} title={t('Cannot load routers')} />
      ) : (
        <DataTable<RouterRow>
          aria-label={t('Routers')}
          withTableBorder
          striped
          verticalSpacing={4}
          fz="sm"
          minHeight={routers.data?.length ? undefined : 150}
          fetching={routers.loading}
          records={routers.data ?? []}
          emptyState={
            routers.loading ? (
              <span />
            ) : (
              <EmptyState
                text={t('No routers yet')}
                action={
                  <Button size="xs" variant="light" style={{ pointerEvents: 'all' }} onClick={() => setEditing('new')}>
                    {t('Add router')}
                  </Button>
                }
              />
            )
          }
          columns={[
            { accessor: 'id', title: t('ID'), width: 60 },
            { accessor: 'title', title: t('Title') },
            { accessor: 'address', title: t('Address') },
            { accessor: 'nasIp', title: t('NAS IP'), render: (r) => r.nasIp || '—' },
            { accessor: 'authMethod', title: t('Authorisation'), render: (r) => AUTH_METHOD_LABEL[r.authMethod] },
            {
              accessor: 'radius',
              title: t('RADIUS'),
              render: (r) =>
                r.authMethod === 'none' ? (
                  <Text size="xs" c="dimmed">
                    {t('not a client')}
                  </Text>
                ) : (
                  <Group gap={4}>
                    <Badge size="xs" variant="light" color={r.hasSecret ? 'green' : 'red'}>
                      {r.hasSecret ? t('secret set') : t('no secret')}
                    </Badge>
                    <Badge size="xs" variant="light" color="gray">
                      CoA {r.coaPort}
                    </Badge>
                    {r.bindMacs && (
                      <Badge size="xs" variant="light" color="blue">
                        {t('MAC bound')}
                      </Badge>
                    )}
                  </Group>
                ),
            },
            { accessor: 'description', title: t('Description') },
            {
              accessor: 'actions',
              title: '',
              width: 50,
              render: (r) => (
                <Tooltip label={t('Edit')}>
                  <ActionIcon size="sm" variant="subtle" aria-label={t('Edit router {{title}}', { title: r.title })} onClick={() => setEditing(r)}>
                    <IconPencil size={15} />
                  </ActionIcon>
                </Tooltip>
              ),
            },
          ]}
        />
      )}
      {editing && (
        <RouterDialog
          router={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

interface RouterForm extends Record<string, unknown> {
  title: string;
  address: string;
  description: string;
  authMethod: RouterAuthMethod;
  nasIp: string;
  secret: string;
  coaPort: number | string;
  bindMacs: boolean;
}

function RouterDialog({ router, onClose, onSaved }: { router: RouterRow | null; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm('routers.save', {
    initialValues: {
      title: router?.title ?? '',
      address: router?.address ?? '',
      description: router?.description ?? '',
      authMethod: router?.authMethod ?? 'none',
      nasIp: router?.nasIp ?? '',
      secret: '',
      coaPort: router?.coaPort ?? 3799,
      bindMacs: router?.bindMacs ?? false,
    } satisfies RouterForm as RouterForm,
    toInput: (v) => ({
      input: {
        id: router?.id,
        title: v.title,
        address: v.address,
        description: v.description,
        type: 'mikrotik',
        authMethod: v.authMethod,
        nasIp: v.nasIp,
        coaPort: wholeNumber(v.coaPort),
        bindMacs: v.bindMacs,
        ...(v.secret ? { secret: v.secret } : {}),
      },
      errors: {},
    }),
    onSaved,
  });
  const { form } = state;
  const radius = form.values.authMethod !== 'none';
  return (
    <FormDialog state={state} onClose={onClose} title={router ? t('Edit router {{title}}', { title: router.title }) : t('Add router')} size="md">
      <TextInput label={t('Router title')} required withAsterisk={false} size="xs" data-autofocus {...form.getInputProps('title')} />
      <TextInput label={t('Router address')} description={t('management IP or host name')} size="xs" {...form.getInputProps('address')} />
      <Select label={t('Type')} size="xs" data={[{ value: 'mikrotik', label: t('MikroTik') }]} value="mikrotik" allowDeselect={false} readOnly />
      <Select
        label={t('Authorisation method')}
        size="xs"
        allowDeselect={false}
        data={Object.entries(AUTH_METHOD_LABEL).map(([value, label]) => ({ value, label }))}
        {...form.getInputProps('authMethod')}
      />
      <TextInput
        label={t('NAS IP')}
        description={t('the address the router sends RADIUS requests from; Disconnect- and CoA-Requests go there')}
        size="xs"
        disabled={!radius}
        {...form.getInputProps('nasIp')}
      />
      <PasswordInput
        label={t('RADIUS secret')}
        description={router?.hasSecret ? t('a secret is set; leave empty to keep it') : t('shared with the router (/radius add secret=…)')}
        placeholder={router?.hasSecret ? '•••••••• (unchanged)' : ''}
        size="xs"
        autoComplete="new-password"
        disabled={!radius}
        {...form.getInputProps('secret')}
      />
      <NumberInput label={t('CoA port')} description={t('where the router listens for Disconnect- and CoA-Requests (MikroTik: 3799)')} size="xs" disabled={!radius} {...form.getInputProps('coaPort')} />
      <Switch
        size="xs"
        label={t('The router binds MACs: accept a login only from its service\'s first MAC (Calling-Station-Id)')}
        disabled={!radius}
        {...form.getInputProps('bindMacs', { type: 'checkbox' })}
      />
      <TextInput label={t('Router description')} size="xs" {...form.getInputProps('description')} />
    </FormDialog>
  );
}
