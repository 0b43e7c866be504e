import { ActionIcon, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { Ipv4NetworkRow, Ipv4PoolRow, PartnerRow } from '../../../../main/contract/config';
import { EmptyState, ErrorAlert, PageHeader } from '../../components/common';
import { FormDialog, useChannelForm } from '../../components/FormDialog';
import { useNetworks, usePools } from '../../hooks/useReference';
import { useQuery } from '../../hooks/useApi';
import { navigate } from '../../router';
import { SettingsPanel } from './SettingsPanel';
import { BackupsPanel } from './BackupsPanel';
import { SystemPanel } from './SystemPanel';
import { RoutersPanel } from './RoutersPanel';
import { NetworkEventsTable } from '../network/NetworkEventsTable';
import { StaffPanel } from '../../auth/StaffPanel';
import { t, tk, type CatalogueKey } from '../../i18n';

const TABS: readonly { value: string; label: CatalogueKey }[] = [
  { value: 'partners', label: 'Partners' },
  { value: 'finance', label: 'Finance settings' },
  { value: 'changePlan', label: 'Change plan' },
  { value: 'portal', label: 'Portal' },
  { value: 'routers', label: 'Routers' },
  { value: 'network', label: 'Network' },
  { value: 'ipv4', label: 'IPv4 networks' },
  { value: 'staff', label: 'Staff' },
  { value: 'backups', label: 'Backups' },
  { value: 'system', label: 'System' },
] as const;

export function ConfigPage({ section }: { section: string | undefined }) {
  const current = TABS.some((tab) => tab.value === section) ? section! : 'partners';
  return (
    <>
      <PageHeader title={t('Config')} />
      <Tabs value={current} onChange={(v) => v && navigate(`/config/${v}`)} keepMounted={false}>
        <Tabs.List mb="xs">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tk(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="partners">
          <PartnersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="finance">
          <SettingsPanel section="finance" />
        </Tabs.Panel>
        <Tabs.Panel value="changePlan">
          <SettingsPanel section="changePlan" />
        </Tabs.Panel>
        <Tabs.Panel value="portal">
          <SettingsPanel section="portal" />
        </Tabs.Panel>
        <Tabs.Panel value="routers">
          <RoutersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="network">
          <Stack gap="sm">
            <SettingsPanel section="network" />
            <Title order={3} size="h5">
              {t('Network log')}
            </Title>
            <NetworkEventsTable filter={{}} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="ipv4">
          <Ipv4Panel />
        </Tabs.Panel>
        <Tabs.Panel value="staff">
          <StaffPanel />
        </Tabs.Panel>
        <Tabs.Panel value="backups">
          <BackupsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="system">
          <SystemPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function EditIcon({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={t('Edit')}>
      <ActionIcon size="sm" variant="subtle" aria-label={label} onClick={onClick}>
        <IconPencil size={15} />
      </ActionIcon>
    </Tooltip>
  );
}

/* ---------------------------------------------------------------- partners */

function PartnersPanel() {
  const partners = useQuery('partners.list', { customerCounts: true });
  const [editing, setEditing] = useState<PartnerRow | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('Add partner')}
        </Button>
      </Group>
      {partners.error ? (
        <ErrorAlert error={partners.error} title={t('Cannot load partners')} />
      ) : (
        <DataTable<PartnerRow>
          aria-label={t('Partners')}
          withTableBorder
          striped
          verticalSpacing={4}
          fz="sm"
          minHeight={partners.data?.length ? undefined : 150}
          fetching={partners.loading}
          records={partners.data ?? []}
          emptyState={partners.loading ? <span /> : <EmptyState text={t('No partners yet')} />}
          columns={[
            { accessor: 'id', title: t('ID'), width: 60 },
            {
              accessor: 'name',
              title: t('Name'),
              render: (p) => (
                <Group gap={6}>
                  {p.name}
                  {p.isDefault && (
                    <Badge size="xs" variant="light">
                      {t('Default')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            { accessor: 'customerCount', title: t('Customers'), textAlign: 'right', width: 100 },
            { accessor: 'actions', title: '', width: 50, render: (p) => <EditIcon label={t('Edit partner {{name}}', { name: p.name })} onClick={() => setEditing(p)} /> },
          ]}
        />
      )}
      {editing && (
        <PartnerDialog
          partner={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function PartnerDialog({ partner, onClose, onSaved }: { partner: PartnerRow | null; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm(partner ? 'partners.update' : 'partners.create', {
    initialValues: { name: partner?.name ?? '' },
    toInput: (v) => ({ input: partner ? { id: partner.id, name: v.name } : { name: v.name }, errors: {} }),
    onSaved,
  });
  return (
    <FormDialog state={state} onClose={onClose} title={partner ? t('Edit partner {{name}}', { name: partner.name }) : t('Add partner')} size="sm" submitLabel={partner ? t('Save') : t('Add partner')}>
      <TextInput label={t('Partner name')} required withAsterisk={false} size="xs" data-autofocus {...state.form.getInputProps('name')} />
    </FormDialog>
  );
}

/* ---------------------------------------------------------------- IPv4 */

function Ipv4Panel() {
  const networks = useNetworks();
  const pools = usePools();
  const [editNet, setEditNet] = useState<Ipv4NetworkRow | 'new' | null>(null);
  const [editPool, setEditPool] = useState<Ipv4PoolRow | 'new' | null>(null);
  const netName = (id: number) => networks.data?.find((n) => n.id === id)?.network ?? `#${id}`;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
      <Card withBorder padding="xs">
        <Group justify="space-between" mb={4}>
          <Text fw={600} size="sm">
            {t('Networks')}
          </Text>
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setEditNet('new')}>
            {t('Add network')}
          </Button>
        </Group>
        {networks.error ? (
          <ErrorAlert error={networks.error} title={t('Cannot load networks')} />
        ) : (
          <DataTable<Ipv4NetworkRow>
            aria-label={t('IPv4 networks')}
            striped
            verticalSpacing={4}
            fz="sm"
            minHeight={networks.data?.length ? undefined : 150}
            fetching={networks.loading}
            records={networks.data ?? []}
            emptyState={networks.loading ? <span /> : <EmptyState text={t('No networks yet')} />}
            columns={[
              { accessor: 'network', title: t('Network') },
              { accessor: 'title', title: t('Title') },
              { accessor: 'kind', title: t('Type'), render: (n) => (n.kind === 'permanent' ? t('Permanent') : t('Dynamic')) },
              { accessor: 'used', title: t('Used'), textAlign: 'right', render: (n) => `${n.used} / ${n.size}` },
              { accessor: 'actions', title: '', width: 50, render: (n) => <EditIcon label={t('Edit network {{network}}', { network: n.network })} onClick={() => setEditNet(n)} /> },
            ]}
          />
        )}
      </Card>
      <Card withBorder padding="xs">
        <Group justify="space-between" mb={4}>
          <Text fw={600} size="sm">
            {t('Pools')}
          </Text>
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setEditPool('new')}>
            {t('Add pool')}
          </Button>
        </Group>
        {pools.error ? (
          <ErrorAlert error={pools.error} title={t('Cannot load pools')} />
        ) : (
          <DataTable<Ipv4PoolRow>
            aria-label={t('IPv4 pools')}
            striped
            verticalSpacing={4}
            fz="sm"
            minHeight={pools.data?.length ? undefined : 150}
            fetching={pools.loading}
            records={pools.data ?? []}
            emptyState={pools.loading ? <span /> : <EmptyState text={t('No pools yet')} />}
            columns={[
              { accessor: 'title', title: t('Title') },
              { accessor: 'networkId', title: t('Network'), render: (p) => netName(p.networkId) },
              { accessor: 'range', title: t('Range'), render: (p) => (p.rangeFrom || p.rangeTo ? `${p.rangeFrom} – ${p.rangeTo}` : t('whole network')) },
              { accessor: 'actions', title: '', width: 50, render: (p) => <EditIcon label={t('Edit pool {{title}}', { title: p.title })} onClick={() => setEditPool(p)} /> },
            ]}
          />
        )}
      </Card>
      {editNet && (
        <NetworkDialog
          network={editNet === 'new' ? null : editNet}
          onClose={() => setEditNet(null)}
          onSaved={() => setEditNet(null)}
        />
      )}
      {editPool && (
        <PoolDialog
          pool={editPool === 'new' ? null : editPool}
          networks={networks.data ?? []}
          onClose={() => setEditPool(null)}
          onSaved={() => setEditPool(null)}
        />
      )}
    </SimpleGrid>
  );
}

function NetworkDialog({ network, onClose, onSaved }: { network: Ipv4NetworkRow | null; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm('ipv4.saveNetwork', {
    initialValues: { network: network?.network ?? '', title: network?.title ?? '', kind: network?.kind ?? 'permanent' },
    toInput: (v) => ({ input: { id: network?.id, network: v.network.trim(), title: v.title, kind: v.kind }, errors: {} }),
    onSaved,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={network ? t('Edit network {{network}}', { network: network.network }) : t('Add IPv4 network')} size="sm">
      <TextInput label={t('Network')} required withAsterisk={false} size="xs" placeholder="10.0.0.0/24" data-autofocus {...form.getInputProps('network')} />
      <TextInput label={t('Network title')} size="xs" {...form.getInputProps('title')} />
      <Select
        label={t('Assignment type')}
        size="xs"
        allowDeselect={false}
        data={[
          { value: 'permanent', label: t('Permanent') },
          { value: 'dynamic', label: t('Dynamic') },
        ]}
        {...form.getInputProps('kind')}
      />
    </FormDialog>
  );
}

function PoolDialog({ pool, networks, onClose, onSaved }: { pool: Ipv4PoolRow | null; networks: Ipv4NetworkRow[]; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm('ipv4.savePool', {
    initialValues: { title: pool?.title ?? '', networkId: pool ? String(pool.networkId) : '', rangeFrom: pool?.rangeFrom ?? '', rangeTo: pool?.rangeTo ?? '' },
    toInput: (v) => ({
      input: { id: pool?.id, title: v.title, networkId: Number(v.networkId), rangeFrom: v.rangeFrom.trim(), rangeTo: v.rangeTo.trim() },
      errors: v.networkId ? ({} as Record<string, string>) : { networkId: t('choose a network') },
    }),
    onSaved,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={pool ? t('Edit pool {{title}}', { title: pool.title }) : t('Add IPv4 pool')} size="sm">
      <TextInput label={t('Pool title')} required withAsterisk={false} size="xs" data-autofocus {...form.getInputProps('title')} />
      <Select
        label={t('Pool network')}
        required
        withAsterisk={false}
        size="xs"
        data={networks.map((n) => ({ value: String(n.id), label: `${n.network}${n.title ? ` — ${n.title}` : ''}` }))}
        nothingFoundMessage={t('Add a network first')}
        {...form.getInputProps('networkId')}
      />
      <Group grow>
        <TextInput label={t('Range from')} size="xs" placeholder={t('first host')} {...form.getInputProps('rangeFrom')} />
        <TextInput label={t('Range to')} size="xs" placeholder={t('last host')} {...form.getInputProps('rangeTo')} />
      </Group>
    </FormDialog>
  );
}
