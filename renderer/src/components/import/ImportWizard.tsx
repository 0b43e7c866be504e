import { Alert, Badge, Button, FileInput, Group, Modal, ScrollArea, Stack, Stepper, Switch, Table, Text } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useState } from 'react';
import { MAX_IMPORT_CHARS, type ImportKind, type ImportReport, type ImportRowReport } from '../../../../main/contract/imports';
import { useMutation } from '../../hooks/useApi';
import { formatMoney } from '../../format';
import { DialogFooter, ErrorAlert } from '../common';
import { t, tk, type CatalogueKey } from '../../i18n';

// The CSV import wizard (issue 19): choose a file → its dry run (every row with a verdict, every problem by row and
// column) → confirm → the report. The same channels as `npm run cli -- import`; docs/IMPORT.md lists the columns.

/** A function: the texts are read when the wizard is drawn, in the language of the moment. */
const WHAT = (): Record<ImportKind, { title: string; rows: string; rule: string; columns: string }> => ({
  customers: {
    title: t('Import customers'),
    rows: t('customers and services'),
    rule: t('All or nothing: the file is imported only when every row is accepted, so a customer list never arrives in part.'),
    // the column names of the file itself stay as they are written in it
    columns: 'Name (required), Customer ref, Category, Status, Partner, Email, Phone, Address, Notes, Portal login, Billing day, Customer since, Plan, Price, Description, Start date, End date, Pay period, Login, Password, IPv4, MAC',
  },
  payments: {
    title: t('Import payments'),
    rows: t('payments'),
    rule: t('Row by row: each accepted row is recorded on its own; refused rows are left out and can be imported later. Rows imported before are recognised and skipped, never doubled.'),
    columns: 'Date and Amount (required), Reference, Customer number, Transaction id, Method, Payer',
  },
});

const VERDICT: Record<ImportRowReport['verdict'], { label: CatalogueKey; color: string }> = {
  ok: { label: 'OK', color: 'green' },
  refused: { label: 'Refused', color: 'red' },
  alreadyImported: { label: 'Already imported', color: 'gray' },
};

function Totals({ report }: { report: ImportReport }) {
  const tot = report.totals;
  return (
    <Group gap="xs" data-testid="import-totals">
      <Badge color="green" variant="light">{`${tot.ok} OK`}</Badge>
      <Badge color="red" variant="light">{t('{{count}} refused', { count: tot.refused })}</Badge>
      {report.kind === 'payments' && <Badge color="gray" variant="light">{t('{{count}} already imported', { count: tot.alreadyImported })}</Badge>}
      {report.kind === 'payments' && <Badge variant="light">{t('Total {{total}}', { total: formatMoney(tot.amount) })}</Badge>}
    </Group>
  );
}

/** Every row with its verdict; a refused row lists each problem as "row N, column 'X': …". */
function ReportTable({ report }: { report: ImportReport }) {
  const [problemsOnly, setProblemsOnly] = useState(false);
  const rows = problemsOnly ? report.rows.filter((r) => r.verdict !== 'ok') : report.rows;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Totals report={report} />
        <Switch size="xs" label={t('Only rows not imported')} checked={problemsOnly} onChange={(e) => setProblemsOnly(e.currentTarget.checked)} />
      </Group>
      {report.ignoredColumns.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('Columns ignored:')} {report.ignoredColumns.join(', ')}
        </Text>
      )}
      <ScrollArea.Autosize mah={360} type="auto">
        <Table striped withTableBorder stickyHeader fz="sm" data-testid="import-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t('Row')}</Table.Th>
              <Table.Th w={140}>{t('Verdict')}</Table.Th>
              {report.kind === 'payments' && <Table.Th w={100}>{t('Amount')}</Table.Th>}
              <Table.Th>{t('Details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.row} data-verdict={r.verdict}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={VERDICT[r.verdict].color} variant="light">
                    {tk(VERDICT[r.verdict].label)}
                  </Badge>
                </Table.Td>
                {report.kind === 'payments' && <Table.Td>{r.amount === null ? '' : formatMoney(r.amount)}</Table.Td>}
                <Table.Td>
                  {r.errors.length > 0 ? (
                    <Stack gap={2}>
                      {r.errors.map((e, i) => (
                        <Text key={i} size="sm" c="red">
                          {e.text}
                        </Text>
                      ))}
                    </Stack>
                  ) : (
                    <Text size="sm">{r.message}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    {t('Every row is OK.')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

export function ImportWizard({ kind, opened, onClose }: { kind: ImportKind; opened: boolean; onClose: () => void }) {
  const what = WHAT()[kind];
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [runPreview, previewState] = useMutation('import.preview');
  const [runApply, applyState] = useMutation('import.apply');

  const reset = () => {
    setStep(0);
    setFile(null);
    setCsv('');
    setPreview(null);
    setResult(null);
    setFileProblem(null);
    previewState.clear();
    applyState.clear();
  };
  const close = () => {
    reset();
    onClose();
  };

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setFileProblem(null);
    previewState.clear();
    if (!f) return;
    if (f.size > MAX_IMPORT_CHARS * 2) {
      setFileProblem(t('{{file}} is larger than {{mb}} MB — split the file and import the parts one after another.', { file: f.name, mb: MAX_IMPORT_CHARS / 1_000_000 }));
      return;
    }
    const text = await f.text();
    setCsv(text);
    const report = await runPreview({ kind, csv: text, fileName: f.name });
    if (report) {
      setPreview(report);
      setStep(1);
    }
  };

  const apply = async () => {
    const report = await runApply({ kind, csv, fileName: file?.name ?? '', dryRun: false });
    if (report) {
      setResult(report);
      setStep(3); // the lists behind show the imported rows by push ('imports' and the areas it wrote)
    }
  };

  // Customers: all or nothing, so a preview with a refused row cannot go on; payments go on with the accepted rows.
  const canImport = preview !== null && preview.totals.ok > 0 && (kind === 'payments' || preview.totals.refused === 0);
  const okRows = preview?.totals.ok ?? 0;

  return (
    <Modal opened={opened} onClose={close} title={what.title} size="xl">
      <Stack gap="sm">
        <Stepper active={step} size="xs">
          <Stepper.Step label={t('File')} description={t('Choose a CSV file')}>
            <Stack gap="xs" mt="xs">
              <Text size="sm">{what.rule}</Text>
              <Text size="xs" c="dimmed">
                {t('Columns (first row; case does not matter):')} <span lang="en">{what.columns}</span>. {t('Dates YYYY-MM-DD or DD.MM.YYYY; amounts 1234.50 or 1234,50.')}
              </Text>
              <FileInput
                label={t('CSV file')}
                placeholder={t('Choose a file')}
                accept=".csv,text/csv,text/plain"
                leftSection={<IconFileTypeCsv size={16} />}
                value={file}
                onChange={(f) => void choose(f)}
                clearable
                data-autofocus
              />
              {previewState.busy && <Text size="sm">{t('Checking every row (dry run)…')}</Text>}
              <ErrorAlert error={fileProblem ?? previewState.error} title={t('The file was not accepted')} />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('Dry run')} description={t('Every row checked')}>
            {preview && (
              <Stack gap="xs" mt="xs">
                <Alert color={preview.totals.refused ? 'orange' : 'blue'} variant="light" p="xs">
                  <Text size="sm" data-testid="import-summary" lang="en">
                    {preview.summary}
                  </Text>
                </Alert>
                <ReportTable report={preview} />
              </Stack>
            )}
          </Stepper.Step>
          <Stepper.Step label={t('Confirm')} description={t('Write to the database')}>
            {preview && (
              <Stack gap="xs" mt="xs">
                <Text size="sm" data-testid="import-confirm-text">
                  {kind === 'customers'
                    ? t('{{count}} rows of {{file}} will be imported as {{rows}}, in one step.', { count: preview.totals.ok, file: file?.name ?? t('the file'), rows: what.rows })
                    : `${t('{{count}} payments ({{amount}}) from {{file}} will be recorded', { count: preview.totals.ok, amount: formatMoney(preview.totals.amount), file: file?.name ?? t('the file') })}${preview.totals.refused ? `; ${t('{{count}} refused rows are left out', { count: preview.totals.refused })}` : ''}${preview.totals.alreadyImported ? `; ${t('{{count}} already imported are skipped', { count: preview.totals.alreadyImported })}` : ''}.`}
                </Text>
                <ErrorAlert error={applyState.error} title={t('Not imported')} />
              </Stack>
            )}
          </Stepper.Step>
          <Stepper.Completed>
            {result && (
              <Stack gap="xs" mt="xs">
                <Alert color={result.applied ? 'green' : 'orange'} variant="light" p="xs">
                  <Text size="sm" data-testid="import-result" lang="en">
                    {result.summary}
                  </Text>
                </Alert>
                <ReportTable report={result} />
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>
        <DialogFooter>
          <Group justify="flex-end" gap="xs">
            {step === 1 && (
              <>
                <Button variant="default" size="xs" onClick={reset}>
                  {t('Choose another file')}
                </Button>
                <Button size="xs" disabled={!canImport} onClick={() => setStep(2)}>
                  {kind === 'customers' && preview && preview.totals.refused > 0 ? t('Correct the refused rows first') : t('Continue')}
                </Button>
              </>
            )}
            {step === 2 && (
              <>
                <Button variant="default" size="xs" onClick={() => setStep(1)}>
                  {t('Back')}
                </Button>
                <Button size="xs" loading={applyState.busy} onClick={() => void apply()}>
                  {kind === 'customers' ? t('Import {{count}} rows', { count: okRows }) : t('Import {{count}} payments', { count: okRows })}
                </Button>
              </>
            )}
            {step === 3 && (
              <Button variant="default" size="xs" onClick={reset}>
                {t('Import another file')}
              </Button>
            )}
            <Button variant="default" size="xs" onClick={close}>
              {step === 3 ? t('Close') : t('Cancel')}
            </Button>
          </Group>
        </DialogFooter>
      </Stack>
    </Modal>
  );
}
