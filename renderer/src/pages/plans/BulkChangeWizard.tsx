import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Modal, Progress, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCheck } from '@tabler/icons-react';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BULK_APPLY_CHUNK, type BulkBatchView, type BulkItemFilter, type BulkItemRow, type BulkUndoResult } from '../../../../main/contract/bulk';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { PlanRow } from '../../../../main/contract/plans';
import { ConfirmModal, DateField, ErrorAlert, Field, Money } from '../../components/common';
import { addDays, formatDate, formatMoney, isValidIsoDate, moneyInputValue, parseMoney } from '../../format';
import { useBusinessDate } from '../../hooks/businessDate';
import { useMutation, useQuery } from '../../hooks/useApi';
import { api } from '../../transport';
import { t, tk, type CatalogueKey } from '../../i18n';
import { pagerTexts } from '../../i18n/tableTexts';

// Tariff plans → Actions → "Change plan for all services" (decision 13, splynx-rules §7): select the new tariff,
// preview every service (paged on the server, rows can be left out), apply with a progress bar (chunk by chunk, so
// an interrupted apply resumes), then the result, which can be undone before the start date.

const PAGE_SIZE = 25;

const ITEM_STATUS: Record<BulkItemRow['status'], { label: CatalogueKey; color: string }> = {
  pending: { label: 'To change', color: 'blue' },
  excluded: { label: 'Excluded', color: 'gray' },
  skipped: { label: 'Cannot change', color: 'orange' },
  success: { label: 'Success', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  undone: { label: 'Undone', color: 'grape' },
  changedByHand: { label: 'Changed by hand since', color: 'yellow' },
  undoFailed: { label: 'Not undone', color: 'red' },
};

const BATCH_STATUS: Record<BulkBatchView['status'], { label: CatalogueKey; color: string }> = {
  preview: { label: 'Preview', color: 'blue' },
  applying: { label: 'Interrupted', color: 'orange' },
  applied: { label: 'Applied', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  undone: { label: 'Undone', color: 'grape' },
};

export function BulkChangeWizard({ plan, plans, onClose }: { plan: PlanRow; plans: PlanRow[]; onClose: () => void }) {
  const [step, setStep] = useState(0);
  const [batch, setBatch] = useState<BulkBatchView | null>(null);

  const close = () => {
    // A preview nobody applied is thrown away (nothing was changed by it).
    if (batch?.status === 'preview') void api.call('bulk.discard', { batchId: batch.id });
    onClose();
  };
  const open = (b: BulkBatchView) => {
    setBatch(b);
    setStep(b.status === 'preview' ? 1 : b.status === 'applying' ? 2 : 3);
  };

  return (
    <Modal opened onClose={close} title={t('Change plan for all services — {{name}}', { name: plan.name })} size="90rem" closeOnClickOutside={false}>
      <Stepper active={step} size="xs" mb="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('Select new tariff')} />
        <Stepper.Step label={t('Preview')} />
        <Stepper.Step label={t('Processing')} />
        <Stepper.Step label={t('Result')} />
      </Stepper>
      {step === 0 && <SelectStep plan={plan} plans={plans} onPreview={open} onOpen={open} />}
      {step === 1 && batch && (
        <PreviewStep
          batch={batch}
          onBatch={setBatch}
          onBack={() => {
            void api.call('bulk.discard', { batchId: batch.id });
            setBatch(null);
            setStep(0);
          }}
          onApply={(b) => {
            setBatch(b);
            setStep(2);
          }}
        />
      )}
      {step === 2 && batch && (
        <ProcessStep
          batch={batch}
          onDone={(b) => {
            setBatch(b);
            setStep(3);
          }}
        />
      )}
      {step === 3 && batch && <ResultStep batch={batch} onBatch={setBatch} onResume={() => setStep(2)} onClose={close} />}
    </Modal>
  );
}

function SelectStep({ plan, plans, onPreview, onOpen }: { plan: PlanRow; plans: PlanRow[]; onPreview: (b: BulkBatchView) => void; onOpen: (b: BulkBatchView) => void }) {
  const today = useBusinessDate();
  const targets = plans.filter((p) => p.id !== plan.id && p.kind === plan.kind && p.enabled);
  const [start, setStart] = useState(addDays(today, 1));
  const [toPlanId, setToPlanId] = useState<string | null>(null);
  const [ignoreBalance, setIgnoreBalance] = useState(false);
  const [description, setDescription] = useState('');
  const [price, setPrice] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [preview, st] = useMutation('bulk.preview');
  const earlier = useQuery('bulk.list', { planId: plan.id, pageSize: 10 });
  const target = targets.find((p) => String(p.id) === toPlanId) ?? null;
  const f = { ...st.fieldErrors, ...local };

  const pick = (v: string | null) => {
    setToPlanId(v);
    const chosen = targets.find((p) => String(p.id) === v);
    setDescription(chosen ? chosen.description || chosen.name : '');
    setPrice(chosen ? moneyInputValue(chosen.price) : '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    if (!isValidIsoDate(start)) l.start = t('field.date');
    if (!target) l.toPlanId = t('choose the new plan');
    const cents = parseMoney(price);
    if (target && (cents === null || cents < 0)) l.unitPrice = t('must be an amount like {{example}}', { example: moneyInputValue(2000) });
    setLocal(l);
    if (Object.keys(l).length || !target) return;
    const res = await preview({
      fromPlanId: plan.id,
      toPlanId: target.id,
      start,
      ignoreBalance,
      description: description.trim() || null,
      unitPrice: cents === target.price ? null : cents,
    });
    if (res) onPreview(res.batch);
  };

  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Text size="sm">
            {t('Every current service on')} <b>{plan.name}</b>{' '}
            {t('(of its {{services}}; ended ones stay, the preview names them) moves to the new plan on the start date, each exactly as a single “Change plan” would (refund, fee and invoice by the change-plan settings).', { services: services(plan.serviceCount) })}
          </Text>
          <Grid gap="xs">
            <Grid.Col span={3}>
              <DateField label={t('New plan start date')} size="xs" value={start} onChange={setStart} error={f.start} data-autofocus />
            </Grid.Col>
            <Grid.Col span={5}>
              <Select
                label={t('New plan')}
                size="xs"
                placeholder={targets.length ? t('Choose a plan') : t('No other enabled plan of this kind')}
                data={targets.map((p) => ({ value: String(p.id), label: `${p.name} — ${formatMoney(p.price)}` }))}
                value={toPlanId}
                onChange={pick}
                error={f.toPlanId}
                searchable
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Switch
                mt={24}
                size="xs"
                label={t('Ignore balance')}
                description={t('No refund, fee or invoice now; the new price starts with the next billing period')}
                checked={ignoreBalance}
                onChange={(e) => setIgnoreBalance(e.currentTarget.checked)}
              />
            </Grid.Col>
            {target && (
              <>
                <Grid.Col span={8}>
                  <TextInput label={t('Description')} size="xs" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={f.description} />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label={t('Price')} size="xs" inputMode="decimal" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={f.unitPrice} />
                </Grid.Col>
              </>
            )}
          </Grid>
          <ErrorAlert error={st.error} title={t('No preview')} />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={st.busy}>
              {t('Preview')}
            </Button>
          </Group>
        </Stack>
      </form>
      {earlier.data && earlier.data.rows.filter((b) => b.status !== 'preview').length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('Earlier bulk changes of this plan')}
          </Text>
          <Table fz="xs" withTableBorder verticalSpacing={2} aria-label={t('Earlier bulk changes')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('From → to')}</Table.Th>
                <Table.Th>{t('Start')}</Table.Th>
                <Table.Th>{t('Services')}</Table.Th>
                <Table.Th>{t('Status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {earlier.data.rows
                .filter((b) => b.status !== 'preview')
                .map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>{b.id}</Table.Td>
                    <Table.Td>
                      {b.fromPlan.name} → {b.toPlan.name}
                    </Table.Td>
                    <Table.Td>{formatDate(b.start)}</Table.Td>
                    <Table.Td>{b.counts.succeeded + b.counts.undone + b.counts.changedByHand + b.counts.undoFailed}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light" color={BATCH_STATUS[b.status].color}>
                        {tk(BATCH_STATUS[b.status].label)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => onOpen(b)}>
                        {b.status === 'applying' ? t('Resume') : t('Open')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}

function Totals({ batch }: { batch: BulkBatchView }) {
  const tot = batch.totals;
  return (
    <SimpleGrid cols={{ base: 3, md: 7 }} spacing="xs" aria-label={t('Totals')}>
      <Field label={t('Services')}>{tot.services}</Field>
      <Field label={t('Monthly now → after')}>
        <Money cents={tot.oldMonthly} /> → <Money cents={tot.newMonthly} />
      </Field>
      <Field label={t('Refunds')}>
        <Money cents={tot.refund} />
      </Field>
      <Field label={t('Fees')}>
        <Money cents={tot.fee} />
      </Field>
      <Field label={t('New charges')}>
        <Money cents={tot.charge} />
      </Field>
      <Field label={t('Balance effect')}>
        <Money cents={tot.balanceEffect} colored />
      </Field>
      <Field label={t('Start / new plan')}>
        {formatDate(batch.start)} · {batch.toPlan.name} <Money cents={batch.unitPrice} />
        {batch.ignoreBalance ? ` · ${t('ignore balance')}` : ''}
      </Field>
    </SimpleGrid>
  );
}

/** The rows of a batch, one server page at a time (never all 10k in the DOM). */
function ItemsTable({
  batchId,
  filters,
  extraColumns = [],
  label,
}: {
  batchId: number;
  filters: { value: BulkItemFilter; label: string }[];
  extraColumns?: DataTableColumn<BulkItemRow>[];
  label: string;
}) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<BulkItemFilter>(filters[0].value);
  const [search, setSearch] = useState('');
  const items = useQuery('bulk.items', { batchId, page, pageSize: PAGE_SIZE, filter, search }, { keepPrevious: true });
  const data = items.data;
  // an exclusion, an apply or an undo reaches these rows by push (the batch's writes announce 'plans')
  useEffect(() => setPage(1), [filter, search]);
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as BulkItemFilter)} data={filters} />
        <TextInput size="xs" placeholder={t('Search customer or service')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} aria-label={t('Search rows')} />
      </Group>
      <ErrorAlert error={items.error} />
      <DataTable<BulkItemRow>
        aria-label={label}
        withTableBorder
        striped
        verticalSpacing={3}
        fz="xs"
        minHeight={160}
        height={460}
        fetching={items.loading}
        records={data?.rows ?? []}
        totalRecords={data?.total ?? 0}
        recordsPerPage={PAGE_SIZE}
        page={page}
        onPageChange={setPage}
        paginationText={pagerTexts().paginationText}
        noRecordsText={t('No rows')}
        columns={[
          ...extraColumns,
          {
            accessor: 'customerName',
            title: t('Customer'),
            render: (r) => (
              <span>
                {r.customerName} <Text span size="xs" c="dimmed">#{r.customerId}</Text>
              </span>
            ),
          },
          {
            accessor: 'serviceDescription',
            title: t('Service'),
            render: (r) => (
              <span>
                {r.serviceDescription} <Text span size="xs" c="dimmed">#{r.serviceId}</Text>
              </span>
            ),
          },
          {
            accessor: 'price',
            title: t('Price'),
            render: (r) =>
              r.newPrice === null ? (
                <Money cents={r.oldPrice} />
              ) : (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Money cents={r.oldPrice} /> → <Money cents={r.newPrice} />
                </span>
              ),
          },
          { accessor: 'refund', title: t('Refund'), textAlign: 'right', render: (r) => (r.refund === null ? '' : <Money cents={r.refund} />) },
          { accessor: 'fee', title: t('Fee'), textAlign: 'right', render: (r) => (r.fee === null ? '' : <Money cents={r.fee} />) },
          {
            accessor: 'charge',
            title: t('New charge'),
            textAlign: 'right',
            render: (r) => (r.charge === null ? '' : r.deferred ? <Text size="xs">{t('{{charge}} (+{{deferred}} next invoice)', { charge: formatMoney(r.charge), deferred: formatMoney(r.deferred) })}</Text> : <Money cents={r.charge} />),
          },
          { accessor: 'balanceEffect', title: t('Balance effect'), textAlign: 'right', render: (r) => (r.balanceEffect === null ? '' : <Money cents={r.balanceEffect} colored />) },
          {
            accessor: 'status',
            title: t('Status'),
            width: '28%',
            render: (r) => (
              <Stack gap={0}>
                <Badge size="xs" variant="light" color={ITEM_STATUS[r.status].color}>
                  {tk(ITEM_STATUS[r.status].label)}
                </Badge>
                {(r.undoMessage ?? r.message) && (
                  <Text size="xs" c={r.status === 'skipped' || r.status === 'failed' || r.status === 'undoFailed' ? 'red' : 'dimmed'}>
                    {r.undoMessage ?? r.message}
                  </Text>
                )}
              </Stack>
            ),
          },
        ]}
      />
    </Stack>
  );
}

const services = (n: number) => t('{{count}} services', { count: n });

/**
 * One count from the plan to the rows: every service on the plan is either listed below (to change, excluded by
 * staff, or cannot change — its reason beside it) or named here as not listed, with the reason.
 */
function CountSentence({ batch }: { batch: BulkBatchView }) {
  const c = batch.counts;
  const left = batch.leftOut;
  return (
    <Stack gap={4} data-testid="bulk-counts">
      <Text size="sm">
        {t('Of the')} <b>{services(c.total + left.total)}</b> {t('on {{plan}}:', { plan: batch.fromPlan.name })} <b>{c.pending}</b> {t('to change,')} <b>{c.excluded}</b>{' '}
        {t('excluded by you,')} <b>{c.skipped}</b> {t('cannot change (the reason is beside each one below)')}
        {left.total > 0 ? (
          <>
            , {t('and')} <b>{left.total}</b> {t('not listed:')}
          </>
        ) : (
          '.'
        )}
      </Text>
      {left.total > 0 && (
        <Stack gap={0} component="ul" style={{ margin: 0, paddingLeft: 18 }} data-testid="bulk-left-out">
          {left.rows.map((r) => (
            <Text key={r.serviceId} component="li" size="xs">
              {t('service #{{id}} of', { id: r.serviceId })}{' '}
              <Anchor size="xs" href={`#/customers/${r.customerId}/services`}>
                {r.customerName}
              </Anchor>{' '}
              — {r.reason}
            </Text>
          ))}
          {left.total > left.rows.length && (
            <Text component="li" size="xs" c="dimmed">
              {t('and {{count}} more of the same kind', { count: left.total - left.rows.length })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function PreviewStep({ batch, onBatch, onBack, onApply }: { batch: BulkBatchView; onBatch: (b: BulkBatchView) => void; onBack: () => void; onApply: (b: BulkBatchView) => void }) {
  const [confirm, setConfirm] = useState(false);
  const [exclude, est] = useMutation('bulk.exclude');
  const toggle = async (r: BulkItemRow, included: boolean) => {
    const b = await exclude({ batchId: batch.id, itemIds: [r.id], excluded: !included });
    if (b) onBatch(b);
  };
  const c = batch.counts;
  return (
    <Stack gap="sm">
      <Totals batch={batch} />
      <CountSentence batch={batch} />
      <ErrorAlert error={est.error} />
      <ItemsTable
        batchId={batch.id}
        label={t('Preview')}
        filters={[
          { value: 'all', label: t('All ({{total}})', { total: c.total }) },
          { value: 'included', label: t('To change ({{pending}})', { pending: c.pending }) },
          { value: 'excluded', label: t('Excluded ({{excluded}})', { excluded: c.excluded }) },
          { value: 'skipped', label: t('Cannot change ({{skipped}})', { skipped: c.skipped }) },
        ]}
        extraColumns={[
          {
            accessor: 'include',
            title: t('Include'),
            width: 60,
            render: (r) => (
              <Checkbox
                size="xs"
                aria-label={t('Include service #{{serviceId}}', { serviceId: r.serviceId })}
                checked={r.status === 'pending'}
                disabled={r.status === 'skipped' || est.busy}
                onChange={(e) => void toggle(r, e.currentTarget.checked)}
              />
            ),
          },
        ]}
      />
      <Group justify="space-between">
        <Button size="xs" variant="default" onClick={onBack}>
          {t('Back to first step')}
        </Button>
        <Button size="xs" disabled={c.pending === 0} onClick={() => setConfirm(true)}>
          {t('Change tariff')}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirm}
        title={t('Change tariff?')}
        color="blue"
        confirmLabel={t('Confirm')}
        onClose={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          onApply(batch);
        }}
      >
        {t('{{count}} services move from {{from}} to {{to}} on {{date}}: refunds {{refunds}}, fees {{fees}}, new charges {{charges}}. It can be undone until {{until}}.', {
          count: c.pending,
          from: batch.fromPlan.name,
          to: batch.toPlan.name,
          date: formatDate(batch.start),
          refunds: formatMoney(batch.totals.refund),
          fees: formatMoney(batch.totals.fee),
          charges: formatMoney(batch.totals.charge),
          until: formatDate(addDays(batch.start, -1)),
        })}
      </ConfirmModal>
    </Stack>
  );
}

function ProcessStep({ batch, onDone }: { batch: BulkBatchView; onDone: (b: BulkBatchView) => void }) {
  const [progress, setProgress] = useState({ processed: 0, total: batch.counts.pending + batch.counts.succeeded + batch.counts.failed, failed: batch.counts.failed });
  const [error, setError] = useState<AppErrorData | null>(null);
  const [attempt, setAttempt] = useState(0);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    let stop = false;
    setError(null);
    void (async () => {
      for (;;) {
        const res = await api.call('bulk.applyChunk', { batchId: batch.id, limit: BULK_APPLY_CHUNK });
        if (stop) return;
        if (!res.ok) return setError(res.error);
        setProgress({ processed: res.data.processed, total: res.data.total, failed: res.data.failed });
        if (res.data.done) return done.current(res.data.batch);
      }
    })();
    return () => {
      stop = true;
    };
  }, [batch.id, attempt]);
  const pct = progress.total ? Math.round((progress.processed / progress.total) * 100) : 0;
  return (
    <Stack gap="sm" py="md">
      <Text size="sm">
        {t('Changing services: {{processed}} of {{total}}', { processed: progress.processed, total: progress.total })}
        {progress.failed ? ` (${t('{{count}} failed', { count: progress.failed })})` : ''}
      </Text>
      <Progress value={pct} size="lg" animated={!error} aria-label={t('Apply progress')} />
      {error && (
        <>
          <ErrorAlert error={error} title={t('Interrupted')} />
          <Text size="xs" c="dimmed">
            {t('Every service is either fully changed or untouched; resuming carries on with the rest.')}
          </Text>
          <Group>
            <Button size="xs" onClick={() => setAttempt((a) => a + 1)}>
              {t('Resume')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function ResultStep({
  batch,
  onBatch,
  onResume,
  onClose,
}: {
  batch: BulkBatchView;
  onBatch: (b: BulkBatchView) => void;
  onResume: () => void;
  onClose: () => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [undo, ust] = useMutation('bulk.undo');
  const [retry, rst] = useMutation('bulk.retryFailed');
  const [undone, setUndone] = useState<BulkUndoResult | null>(null);
  const c = batch.counts;
  const changed = c.succeeded + c.undone + c.changedByHand + c.undoFailed;
  return (
    <Stack gap="sm">
      {batch.status === 'undone' ? (
        <Alert color="grape" variant="light" icon={<IconArrowBackUp size={16} />} title={t('Undone on {{undoneOn}} by {{undoneBy}}', { undoneOn: formatDate(batch.undoneOn), undoneBy: batch.undoneBy ?? '—' })} p="xs">
          {t('{{count}} changes cancelled', { count: c.undone })}
          {c.changedByHand ? `; ${t('{{count}} left as they are because they were changed by hand since', { count: c.changedByHand })}` : ''}
          {c.undoFailed ? `; ${t('{{count}} could not be cancelled', { count: c.undoFailed })}` : ''}.
        </Alert>
      ) : (
        <Alert color={c.failed ? 'orange' : 'green'} variant="light" icon={c.failed ? <IconAlertTriangle size={16} /> : <IconCheck size={16} />} title={t('Bulk change applied')} p="xs">
          {t('{{count}} services changed to {{plan}} from {{date}}', { count: changed, plan: batch.toPlan.name, date: formatDate(batch.start) })}
          {c.failed ? `; ${t('{{count}} failed (see the reasons below)', { count: c.failed })}` : ''}
          {c.excluded ? `; ${t('{{count}} excluded', { count: c.excluded })}` : ''}
          {c.skipped ? `; ${t('{{count}} could not change', { count: c.skipped })}` : ''}.
        </Alert>
      )}
      {undone && (undone.changedByHand > 0 || undone.undoFailed > 0) && (
        <Alert color="yellow" variant="light" title={t('Some rows were not undone')} p="xs">
          {t('{{changed}} changed by hand since the bulk change, {{failed}} could not be cancelled: see “Problems”.', { changed: undone.changedByHand, failed: undone.undoFailed })}
        </Alert>
      )}
      <Totals batch={batch} />
      <ItemsTable
        batchId={batch.id}
        label={t('Result')}
        filters={[
          { value: 'all', label: t('All') },
          { value: 'succeeded', label: t('Success ({{succeeded}})', { succeeded: c.succeeded }) },
          { value: 'failed', label: t('Failed ({{failed}})', { failed: c.failed }) },
          { value: 'undone', label: t('Undone ({{undone}})', { undone: c.undone }) },
          { value: 'problems', label: t('Problems') },
        ]}
      />
      <ErrorAlert error={rst.error} />
      <Group justify="space-between">
        <Group gap="xs">
          {batch.status === 'applying' && (
            <Button size="xs" onClick={onResume}>
              {t('Resume')}
            </Button>
          )}
          {c.failed > 0 && batch.status === 'applied' && (
            <Button
              size="xs"
              variant="light"
              loading={rst.busy}
              onClick={async () => {
                const b = await retry({ batchId: batch.id });
                if (b) {
                  onBatch(b);
                  onResume();
                }
              }}
            >
              {t('Retry failed')}
            </Button>
          )}
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconArrowBackUp size={14} />}
            disabled={!batch.canUndo}
            title={batch.undoBlockedReason ?? undefined}
            onClick={() => setConfirm(true)}
          >
            {t('Undo this change')}
          </Button>
          {!batch.canUndo && batch.status !== 'undone' && (
            <Text size="xs" c="dimmed">
              {batch.undoBlockedReason}
            </Text>
          )}
        </Group>
        <Button size="xs" variant="default" onClick={onClose}>
          {t('Close')}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirm}
        title={t('Undo bulk change?')}
        confirmLabel={t('Undo')}
        busy={ust.busy}
        error={ust.error}
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          const res = await undo({ batchId: batch.id });
          if (res) {
            setConfirm(false);
            setUndone(res);
            onBatch(res.batch);
          }
        }}
      >
        {t('Every change of this batch is cancelled with mirror documents and the old services are restored. Rows changed by hand since are reported and left as they are.')}
      </ConfirmModal>
    </Stack>
  );
}
