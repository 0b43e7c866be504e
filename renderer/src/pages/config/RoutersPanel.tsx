import { ActionIcon, Badge, Button, Group, Modal, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState, type FormEvent } from 'react';
import type { RouterAuthMethod, RouterRow } from '../../../../main/contract/config';
import { EmptyState, ErrorAlert, FormButtons } from '../../components/common';
import { useMutation } from '../../hooks/useApi';
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

function RouterDialog({ router, onClose, onSaved }: { router: RouterRow | null; onClose: () => void; onSaved: () => void }) {
  const [title, setTitle] = useState(router?.title ?? '');
  const [address, setAddress] = useState(router?.address ?? '');
  const [description, setDescription] = useState(router?.description ?? '');
  const [authMethod, setAuthMethod] = useState<RouterAuthMethod>(router?.authMethod ?? 'none');
  const [nasIp, setNasIp] = useState(router?.nasIp ?? '');
  const [secret, setSecret] = useState('');
  const [coaPort, setCoaPort] = useState<number | string>(router?.coaPort ?? 3799);
  const [bindMacs, setBindMacs] = useState(router?.bindMacs ?? false);
  const [save, st] = useMutation('routers.save');
  const radius = authMethod !== 'none';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const port = typeof coaPort === 'number' ? coaPort : Number(coaPort);
    if (
      await save({
        id: router?.id,
        title,
        address,
        description,
        type: 'mikrotik',
        authMethod,
        nasIp,
        coaPort: Number.isInteger(port) ? port : 0,
        bindMacs,
        ...(secret ? { secret } : {}),
      })
    )
      onSaved();
  };
  return (
    <Modal opened onClose={onClose} title={router ? `Edit router ${router.title}` : 'Add router'} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <TextInput label="Router title" required withAsterisk={false} size="xs" data-autofocus value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={st.fieldErrors.title} />
          <TextInput label="Router address" description="management IP or host name" size="xs" value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={st.fieldErrors.address} />
          <Select label="Type" size="xs" data={[{ value: 'mikrotik', label: 'MikroTik' }]} value="mikrotik" allowDeselect={false} readOnly />
          <Select
            label="Authorisation method"
            size="xs"
            allowDeselect={false}
            value={authMethod}
            onChange={(v) => v && setAuthMethod(v as RouterAuthMethod)}
            data={Object.entries(AUTH_METHOD_LABEL).map(([value, label]) => ({ value, label }))}
            error={st.fieldErrors.authMethod}
          />
          <TextInput
            label="NAS IP"
            description="the address the router sends RADIUS requests from; Disconnect-Requests go there"
            size="xs"
            value={nasIp}
            disabled={!radius}
            onChange={(e) => setNasIp(e.currentTarget.value)}
            error={st.fieldErrors.nasIp}
          />
          <PasswordInput
            label="RADIUS secret"
            description={router?.hasSecret ? 'a secret is set; leave empty to keep it' : 'shared with the router (/radius add secret=…)'}
            placeholder={router?.hasSecret ? '•••••••• (unchanged)' : ''}
            size="xs"
            autoComplete="new-password"
            value={secret}
            disabled={!radius}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={st.fieldErrors.secret}
          />
          <NumberInput label="CoA port" description="where the router listens for Disconnect-Requests (MikroTik: 3799)" size="xs" min={1} max={65535} value={coaPort} disabled={!radius} onChange={setCoaPort} error={st.fieldErrors.coaPort} />
          <Switch
            size="xs"
            label="The router binds MACs: accept a login only from its service's first MAC (Calling-Station-Id)"
            checked={bindMacs}
            disabled={!radius}
            onChange={(e) => setBindMacs(e.currentTarget.checked)}
          />
          <TextInput label="Router description" size="xs" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={st.fieldErrors.description} />
          <ErrorAlert error={st.error} title="Not saved" />
          <FormButtons busy={st.busy} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
