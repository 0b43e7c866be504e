import { Alert, Badge, Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconDatabaseExport, IconRestore } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useEffect, useState, type FormEvent } from 'react';
import type { BackupCheck, BackupEntry, BackupList, BackupRestoreResult } from '../../../../main/contract/backup';
import { ErrorAlert, FormButtons, ListState } from '../../components/common';
import { useLongWork } from '../../components/LongWork';
import { useMutation, useQuery } from '../../hooks/useApi';
import { t } from '../../i18n';
import { decimalSeparator, formatDate, formatDateTime, labels } from '../../format';

// Config → Backups: "Back up now", the backups in the folder (daily, manual, before a migration, before a
// restore), "Restore…" with a check of the file and a confirmation, and the folder / how many to keep.

const KIND_LABEL = labels<BackupEntry['kind']>({
  manual: 'Manual',
  daily: 'Daily',
  'pre-migration': 'Before upgrade',
  'pre-restore': 'Before restore',
});

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', decimalSeparator())} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
const when = (iso: string) => formatDateTime(iso);

export function BackupsPanel() {
  const list = useQuery('backup.list', {});
  const [backupNow, nowState] = useMutation('backup.now');
  const [restoring, setRestoring] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [otherFile, setOtherFile] = useState('');

  const readOnly = list.data?.readOnly ?? false;
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          {list.data ? (
            <>
              {t('Folder')} <code>{list.data.folder}</code> · {t('keeps {{count}} of each kind', { count: list.data.keep })} ·{' '}
              {t('last daily backup {{date}}', { date: list.data.lastDaily ? formatDate(list.data.lastDaily) : t('never') })}
            </>
          ) : null}
        </Text>
        <Button
          size="xs"
          leftSection={<IconDatabaseExport size={14} />}
          loading={nowState.busy}
          onClick={async () => {
            const made = await backupNow({});
            if (made) {
              setDone(t('Backup {{name}} written ({{size}}).', { name: made.name, size: size(made.size) }));
            }
          }}
        >
          {t('Back up now')}
        </Button>
      </Group>
      {readOnly ? <Alert color="yellow">{t('Another instance of the application is using this database: it is open read-only here.')}</Alert> : null}
      <ErrorAlert error={nowState.error} />
      {done ? (
        <Alert color="green" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      ) : null}
      <ListState loading={list.loading} error={list.error} data={list.data} isEmpty={(d) => d.backups.length === 0} emptyText={t('No backups yet')}>
        {(d: BackupList) => (
          <DataTable
            withTableBorder
            striped
            records={d.backups}
            idAccessor="name"
            columns={[
              { accessor: 'takenAt', title: t('Taken'), render: (b) => when(b.takenAt) },
              { accessor: 'kind', title: t('Kind'), render: (b) => <Badge variant="light">{KIND_LABEL[b.kind]}</Badge> },
              { accessor: 'name', title: t('File') },
              { accessor: 'size', title: t('Size'), textAlign: 'right', render: (b) => size(b.size) },
              {
                accessor: 'actions',
                title: '',
                textAlign: 'right',
                render: (b) => (
                  <Button size="compact-xs" variant="light" color="orange" leftSection={<IconRestore size={13} />} disabled={readOnly} onClick={() => setRestoring(b.name)} aria-label={t('Restore {{name}}', { name: b.name })}>
                    {t('Restore…')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </ListState>
      <Group gap="xs" align="flex-end">
        <TextInput size="xs" label={t('Restore from another file (absolute path)')} value={otherFile} onChange={(e) => setOtherFile(e.currentTarget.value)} style={{ flex: 1 }} />
        <Button size="xs" variant="default" disabled={readOnly || !otherFile.trim()} onClick={() => setRestoring(otherFile.trim())}>
          {t('Restore…')}
        </Button>
      </Group>
      {list.data && !readOnly ? <BackupSettings list={list.data} /> : null}
      {restoring ? (
        <RestoreDialog
          file={restoring}
          onClose={() => setRestoring(null)}
          onRestored={(r) => {
            setRestoring(null);
            setDone(t('Restored from {{from}}. The data as they were just before are in {{safety}}.', { from: r.restoredFrom, safety: r.safetyBackup.name }));
          }}
        />
      ) : null}
    </Stack>
  );
}

function RestoreDialog({ file, onClose, onRestored }: { file: string; onClose: () => void; onRestored: (r: BackupRestoreResult) => void }) {
  const check = useQuery('backup.check', { file });
  const [restore, state] = useMutation('backup.restoreStart');
  const { work, watch } = useLongWork();
  const [started, setStarted] = useState(false);
  const outcome = started ? work.find((w) => w.kind === 'restore')?.finished : undefined;
  useEffect(() => {
    if (outcome?.ok) onRestored(outcome.result as BackupRestoreResult);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outcome]);
  const c: BackupCheck | undefined = check.data;
  return (
    <Modal opened onClose={onClose} title={t('Restore a backup')} size="md">
      <Stack gap="sm">
        <Text size="sm">
          {t('Restore')} <code>{file}</code>?{' '}
          {t('Everything entered since that backup is replaced. The current data are backed up first, so the restore itself can be undone.')}
        </Text>
        <ErrorAlert error={check.error} />
        {check.loading ? <Text size="sm">{t('Checking the file…')}</Text> : null}
        {c && c.ok ? (
          <Alert color="green" title={t('The file passed its check')}>
            {t('Integrity ok, schema {{schema}} (this version: {{current}}), {{customers}} customers, last processed day {{day}}.', {
              schema: c.schemaVersion ?? '—',
              current: c.currentSchemaVersion,
              customers: c.customers ?? '—',
              day: c.lastProcessedDay ? formatDate(c.lastProcessedDay) : '—',
            })}
          </Alert>
        ) : null}
        {c && !c.ok ? (
          <Alert color="red" title={t('This file cannot be restored')}>
            {c.problems.join(' ')}
          </Alert>
        ) : null}
        <ErrorAlert error={state.error} title={t('Refused')} />
        {outcome && !outcome.ok ? (
          <Alert color="red" title={t('Not restored')}>
            {outcome.message}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onClose}>
            {t('Cancel')}
          </Button>
          <Button
            color="red"
            size="xs"
            loading={state.busy || (started && !outcome)}
            disabled={!c?.ok}
            onClick={async () => {
              // Runs in steps on the host; the overlay shows them and the outcome arrives with the last poll.
              if (await restore({ file })) {
                setStarted(true);
                watch();
              }
            }}
          >
            {t('Restore')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function BackupSettings({ list }: { list: BackupList }) {
  const [folder, setFolder] = useState(list.folder === list.defaultFolder ? '' : list.folder);
  const [keep, setKeep] = useState<number | string>(list.keep);
  const [save, state] = useMutation('backup.configure');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save({ folder: folder.trim() || null, keep: Number(keep) });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap={4} mt="sm">
        <Text fw={600} size="sm">
          {t('Backup settings')}
        </Text>
        <Group gap="xs" align="flex-start">
          <TextInput
            size="xs"
            label={t('Backup folder')}
            placeholder={list.defaultFolder}
            value={folder}
            onChange={(e) => setFolder(e.currentTarget.value)}
            error={state.fieldErrors.folder}
            style={{ flex: 1 }}
          />
          <NumberInput size="xs" label={t('Keep (of each kind)')} min={1} max={3650} value={keep} onChange={setKeep} error={state.fieldErrors.keep} w={160} />
        </Group>
        <ErrorAlert error={state.error} />
        <FormButtons busy={state.busy} onCancel={() => (setFolder(list.folder === list.defaultFolder ? '' : list.folder), setKeep(list.keep))} submitLabel={t('Save backup settings')} />
      </Stack>
    </form>
  );
}
