import { ActionIcon, Badge, Button, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { RouterAuthMethod, RouterRow } from '../../../../main/contract/config';
import { EmptyState, ErrorAlert } from '../../components/common';
import { FormDialog, useChannelForm, wholeNumber } from '../../components/FormDialog';
import { useRouters } from '../../hooks/useReference';

// Config → Routers: the routers (NAS) services are attached to, with what RADIUS needs of them. The secret is
// write-only: the form never shows it, an empty field keeps it.

export const AUTH_METHOD_LABEL: Record<RouterAuthMethod, string> = {
  pppRadius: 'PPP (PPPoE) RADIUS',
  hotspotRadius: 'Hotspot RADIUS',
  none: 'None (the router does not ask)',
};

export function RoutersPanel() {
  const routers = useRouters();
  const [editing, setEditing] = useState<RouterRow | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add router
        </Button>
      </Group>
      {routers.error ? (
        <ErrorAlert error={routers.error} title="Cannot load routers" />
      ) : (
        <DataTable<RouterRow>
          aria-label="Routers"
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
                text="No routers yet"
                action={
                  <Button size="xs" variant="light" style={{ pointerEvents: 'all' }} onClick={() => setEditing('new')}>
                    Add router
                  </Button>
                }
              />
            )
          }
          columns={[
            { accessor: 'id', title: 'ID', width: 60 },
            { accessor: 'title', title: 'Title' },
            { accessor: 'address', title: 'Address' },
            { accessor: 'nasIp', title: 'NAS IP', render: (r) => r.nasIp || '—' },
            { accessor: 'authMethod', title: 'Authorisation', render: (r) => AUTH_METHOD_LABEL[r.authMethod] },
            {
              accessor: 'radius',
              title: 'RADIUS',
              render: (r) =>
                r.authMethod === 'none' ? (
                  <Text size="xs" c="dimmed">
                    not a client
                  </Text>
                ) : (
                  <Group gap={4}>
                    <Badge size="xs" variant="light" color={r.hasSecret ? 'green' : 'red'}>
                      {r.hasSecret ? 'secret set' : 'no secret'}
                    </Badge>
                    <Badge size="xs" variant="light" color="gray">
                      CoA {r.coaPort}
                    </Badge>
                    {r.bindMacs && (
                      <Badge size="xs" variant="light" color="blue">
                        MAC bound
                      </Badge>
                    )}
                  </Group>
                ),
            },
            { accessor: 'description', title: 'Description' },
            {
              accessor: 'actions',
              title: '',
              width: 50,
              render: (r) => (
                <Tooltip label="Edit">
                  <ActionIcon size="sm" variant="subtle" aria-label={`Edit router ${r.title}`} onClick={() => setEditing(r)}>
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
          onSaved={() => {
            setEditing(null);
            routers.reload();
          }}
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
    <FormDialog state={state} onClose={onClose} title={router ? `Edit router ${router.title}` : 'Add router'} size="md">
      <TextInput label="Router title" required withAsterisk={false} size="xs" data-autofocus {...form.getInputProps('title')} />
      <TextInput label="Router address" description="management IP or host name" size="xs" {...form.getInputProps('address')} />
      <Select label="Type" size="xs" data={[{ value: 'mikrotik', label: 'MikroTik' }]} value="mikrotik" allowDeselect={false} readOnly />
      <Select
        label="Authorisation method"
        size="xs"
        allowDeselect={false}
        data={Object.entries(AUTH_METHOD_LABEL).map(([value, label]) => ({ value, label }))}
        {...form.getInputProps('authMethod')}
      />
      <TextInput
        label="NAS IP"
        description="the address the router sends RADIUS requests from; Disconnect-Requests go there"
        size="xs"
        disabled={!radius}
        {...form.getInputProps('nasIp')}
      />
      <PasswordInput
        label="RADIUS secret"
        description={router?.hasSecret ? 'a secret is set; leave empty to keep it' : 'shared with the router (/radius add secret=…)'}
        placeholder={router?.hasSecret ? '•••••••• (unchanged)' : ''}
        size="xs"
        autoComplete="new-password"
        disabled={!radius}
        {...form.getInputProps('secret')}
      />
      <NumberInput label="CoA port" description="where the router listens for Disconnect-Requests (MikroTik: 3799)" size="xs" disabled={!radius} {...form.getInputProps('coaPort')} />
      <Switch
        size="xs"
        label="The router binds MACs: accept a login only from its service's first MAC (Calling-Station-Id)"
        disabled={!radius}
        {...form.getInputProps('bindMacs', { type: 'checkbox' })}
      />
      <TextInput label="Router description" size="xs" {...form.getInputProps('description')} />
    </FormDialog>
  );
}
