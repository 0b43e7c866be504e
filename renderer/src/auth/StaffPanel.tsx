import { ActionIcon, Badge, Button, Group, PasswordInput, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconKey, IconLock, IconLockOpen, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { StaffRole, StaffRow } from '../../../main/contract/auth';
import { ConfirmModal, ErrorAlert, ListState } from '../components/common';
import { FormDialog, useChannelForm } from '../components/FormDialog';
import { useMutation, useQuery } from '../hooks/useApi';
import { t } from '../i18n';
import { formatDate } from '../format';

// Config → Staff: accounts and roles (administrator: everything; finance: money too; support: customers and
// services only), password resets, locking an account (its sessions end everywhere) and lifting a lock or the
// sign-in waits that failed sign-ins cause.

/** An administrator's lock has no end date (main/app/auth.ts): shown as such, not as a year 9999. */
const lockText = (r: StaffRow) =>
  r.lockedUntil?.startsWith('9999')
    ? t('Locked by an administrator')
    : t('Sign-in waits until {{time}} UTC', { time: `${formatDate(r.lockedUntil?.slice(0, 10))} ${r.lockedUntil?.slice(11, 16)}` });

/** A function: the labels are read when drawn, in the language of the moment. */
const ROLES = (): { value: StaffRole; label: string }[] => [
  { value: 'administrator', label: t('role.administrator') },
  { value: 'finance', label: t('role.finance') },
  { value: 'support', label: t('role.support') },
];

export function StaffPanel() {
  const list = useQuery('staff.list', {});
  const [editing, setEditing] = useState<StaffRow | 'new' | null>(null);
  const [update, updateState] = useMutation('staff.update');
  const [locking, setLocking] = useState<StaffRow | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('Add staff member')}
        </Button>
      </Group>
      <ErrorAlert error={updateState.error} />
      <ListState loading={list.loading} error={list.error} data={list.data} isEmpty={(d) => d.length === 0} emptyText={t('No staff accounts yet')}>
        {(rows: StaffRow[]) => (
          <DataTable
            withTableBorder
            striped
            records={rows}
            columns={[
              { accessor: 'name', title: t('Name') },
              { accessor: 'role', title: t('Role'), render: (r) => ROLES().find((x) => x.value === r.role)?.label },
              { accessor: 'locked', title: t('Sign-in'), render: (r) => (r.locked ? <Badge color="red">{lockText(r)}</Badge> : <Badge color="green">{t('Allowed')}</Badge>) },
              {
                accessor: 'actions',
                title: '',
                textAlign: 'right',
                render: (r) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {!r.locked && (
                      <Tooltip label={t('Lock (ends every session)')}>
                        <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('Lock {{name}}', { name: r.name })} onClick={() => setLocking(r)}>
                          <IconLock size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    {r.locked && (
                      <Tooltip label={t('Unlock')}>
                        <ActionIcon size="sm" variant="subtle" aria-label={t('Unlock {{name}}', { name: r.name })} onClick={() => void update({ id: r.id, unlock: true })}>
                          <IconLockOpen size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Tooltip label={t('Role and password')}>
                      <ActionIcon size="sm" variant="subtle" aria-label={t('Edit {{name}}', { name: r.name })} onClick={() => setEditing(r)}>
                        <IconKey size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ),
              },
            ]}
          />
        )}
      </ListState>
      <ConfirmModal
        opened={locking !== null}
        title={t('Lock {{value}}?', { value: locking?.name ?? '' })}
        confirmLabel={t('Lock')}
        busy={updateState.busy}
        error={updateState.error}
        onClose={() => setLocking(null)}
        onConfirm={async () => {
          if (locking && (await update({ id: locking.id, lock: true }))) setLocking(null);
        }}
      >
        {t('{{name}} is signed out everywhere (the app and every browser harness) and cannot sign in until an administrator unlocks the account.', { name: locking?.name ?? '' })}
      </ConfirmModal>
      {editing && (
        <StaffDialog
          staff={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function StaffDialog({ staff, onClose, onSaved }: { staff: StaffRow | null; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm(staff ? 'staff.update' : 'staff.create', {
    initialValues: { name: staff?.name ?? '', role: (staff?.role ?? 'support') as StaffRole, password: '' },
    toInput: (v) => ({
      input: staff ? { id: staff.id, role: v.role, ...(v.password ? { password: v.password } : {}) } : { name: v.name, role: v.role, password: v.password },
      errors: {},
    }),
    onSaved,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={staff ? t('Staff member {{name}}', { name: staff.name }) : t('Add staff member')}>
      {!staff && <TextInput label={t('Name')} data-autofocus {...form.getInputProps('name')} />}
      <Select label={t('Role')} data={ROLES()} allowDeselect={false} {...form.getInputProps('role')} />
      <PasswordInput
        label={staff ? t('New password (leave empty to keep)') : t('Password')}
        description={t('At least 10 characters')}
        autoComplete="new-password"
        {...form.getInputProps('password')}
      />
    </FormDialog>
  );
}
