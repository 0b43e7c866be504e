import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Modal, Progress, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCheck } from '@tabler/icons-react';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BULK_APPLY_CHUNK, type BulkBatchView, type BulkItemFilter, type BulkItemRow, type BulkUndoResult } from '../../../../main/contract/bulk';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { PlanRow } from '../../../../main/contract/plans';
import { ConfirmModal, DateField, ErrorAlert, Field, Money } from '../../components/common';
import { addDays, formatMoney, isValidIsoDate, moneyInputValue, parseMoney } from '../../format';
import { useBusinessDate } from '../../hooks/businessDate';
import { useMutation, useQuery } from '../../hooks/useApi';
import { api } from '../../transport';

// Tariff plans → Actions → "Change plan for all services" (decision 13, splynx-rules §7): select the new tariff,
// preview every service (paged on the server, rows can be left out), apply with a progress bar (chunk by chunk, so
// an interrupted apply resumes), then the result, which can be undone before the start date.

const PAGE_SIZE = 25;

const ITEM_STATUS: Record<BulkItemRow['status'], { label: string; color: string }> = {
  pending: { label: 'To change', color: 'blue' },
  excluded: { label: 'Excluded', color: 'gray' },
  skipped: { label: 'Cannot change', color: 'orange' },
  success: { label: 'Success', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  undone: { label: 'Undone', color: 'grape' },
  changedByHand: { label: 'Changed by hand since', color: 'yellow' },
  undoFailed: { label: 'Not undone', color: 'red' },
};

const BATCH_STATUS: Record<BulkBatchView['status'], { label: string; color: string }> = {
  preview: { label: 'Preview', color: 'blue' },
  applying: { label: 'Interrupted', color: 'orange' },
  applied: { label: 'Applied', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  undone: { label: 'Undone', color: 'grape' },
};

export function BulkChangeWizard({ plan, plans, onClose, onChanged }: { plan: PlanRow; plans: PlanRow[]; onClose: () => void; onChanged: () => void }) {
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
    <Modal opened onClose={close} title={`Change plan for all services — ${plan.name}`} size="90rem" closeOnClickOutside={false}>
      <Stepper active={step} size="xs" mb="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="Select new tariff" />
        <Stepper.Step label="Preview" />
        <Stepper.Step label="Processing" />
        <Stepper.Step label="Result" />
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
            onChanged();
          }}
        />
      )}
      {step === 3 && batch && <ResultStep batch={batch} onBatch={setBatch} onResume={() => setStep(2)} onClose={close} onChanged={onChanged} />}
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
    const t = targets.find((p) => String(p.id) === v);
    setDescription(t ? t.description || t.name : '');
    setPrice(t ? moneyInputValue(t.price) : '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    if (!isValidIsoDate(start)) l.start = 'must be a date YYYY-MM-DD';
    if (!target) l.toPlanId = 'choose the new plan';
    const cents = parseMoney(price);
    if (target && (cents === null || cents < 0)) l.unitPrice = 'must be an amount like 20.00';
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
            Every current service on <b>{plan.name}</b> (of its {services(plan.serviceCount)}; ended ones stay, the preview names them) moves to the new plan on the start date, each exactly as a single
            “Change plan” would (refund, fee and invoice by the change-plan settings).
          </Text>
          <Grid gap="xs">
            <Grid.Col span={3}>
              <DateField label="New plan start date" size="xs" value={start} onChange={setStart} error={f.start} data-autofocus />
            </Grid.Col>
            <Grid.Col span={5}>
              <Select
                label="New plan"
                size="xs"
                placeholder={targets.length ? 'Choose a plan' : 'No other enabled plan of this kind'}
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
                label="Ignore balance"
                description="No refund, fee or invoice now; the new price starts with the next billing period"
                checked={ignoreBalance}
                onChange={(e) => setIgnoreBalance(e.currentTarget.checked)}
              />
            </Grid.Col>
            {target && (
              <>
                <Grid.Col span={8}>
                  <TextInput label="Description" size="xs" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={f.description} />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label="Price" size="xs" inputMode="decimal" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={f.unitPrice} />
                </Grid.Col>
              </>
            )}
          </Grid>
          <ErrorAlert error={st.error} title="No preview" />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={st.busy}>
              Preview
            </Button>
          </Group>
        </Stack>
      </form>
      {earlier.data && earlier.data.rows.filter((b) => b.status !== 'preview').length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Earlier bulk changes of this plan
          </Text>
          <Table fz="xs" withTableBorder verticalSpacing={2} aria-label="Earlier bulk changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>From → to</Table.Th>
                <Table.Th>Start</Table.Th>
                <Table.Th>Services</Table.Th>
                <Table.Th>Status</Table.Th>
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
                    <Table.Td>{b.start}</Table.Td>
                    <Table.Td>{b.counts.succeeded + b.counts.undone + b.counts.changedByHand + b.counts.undoFailed}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light" color={BATCH_STATUS[b.status].color}>
                        {BATCH_STATUS[b.status].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => onOpen(b)}>
                        {b.status === 'applying' ? 'Resume' : 'Open'}
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
  const t = batch.totals;
  return (
    <SimpleGrid cols={{ base: 3, md: 7 }} spacing="xs" aria-label="Totals">
      <Field label="Services">{t.services}</Field>
      <Field label="Monthly now → after">
        <Money cents={t.oldMonthly} /> → <Money cents={t.newMonthly} />
      </Field>
      <Field label="Refunds">
        <Money cents={t.refund} />
      </Field>
      <Field label="Fees">
        <Money cents={t.fee} />
      </Field>
      <Field label="New charges">
        <Money cents={t.charge} />
      </Field>
      <Field label="Balance effect">
        <Money cents={t.balanceEffect} colored />
      </Field>
      <Field label="Start / new plan">
        {batch.start} · {batch.toPlan.name} <Money cents={batch.unitPrice} />
        {batch.ignoreBalance ? ' · ignore balance' : ''}
      </Field>
    </SimpleGrid>
  );
}

/** The rows of a batch, one server page at a time (never all 10k in the DOM). */
function ItemsTable({
  batchId,
  filters,
  version,
  extraColumns = [],
  label,
}: {
  batchId: number;
  filters: { value: BulkItemFilter; label: string }[];
  version: number;
  extraColumns?: DataTableColumn<BulkItemRow>[];
  label: string;
}) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<BulkItemFilter>(filters[0].value);
  const [search, setSearch] = useState('');
  const items = useQuery('bulk.items', { batchId, page, pageSize: PAGE_SIZE, filter, search }, { keepPrevious: true });
  const data = items.data;
  const { reload } = items;
  useEffect(() => setPage(1), [filter, search]);
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as BulkItemFilter)} data={filters} />
        <TextInput size="xs" placeholder="Search customer or service" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} aria-label="Search rows" />
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
        noRecordsText="No rows"
        columns={[
          ...extraColumns,
          {
            accessor: 'customerName',
            title: 'Customer',
            render: (r) => (
              <span>
                {r.customerName} <Text span size="xs" c="dimmed">#{r.customerId}</Text>
              </span>
            ),
          },
          {
            accessor: 'serviceDescription',
            title: 'Service',
            render: (r) => (
              <span>
                {r.serviceDescription} <Text span size="xs" c="dimmed">#{r.serviceId}</Text>
              </span>
            ),
          },
          {
            accessor: 'price',
            title: 'Price',
            render: (r) =>
              r.newPrice === null ? (
                <Money cents={r.oldPrice} />
              ) : (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Money cents={r.oldPrice} /> → <Money cents={r.newPrice} />
                </span>
              ),
          },
          { accessor: 'refund', title: 'Refund', textAlign: 'right', render: (r) => (r.refund === null ? '' : <Money cents={r.refund} />) },
          { accessor: 'fee', title: 'Fee', textAlign: 'right', render: (r) => (r.fee === null ? '' : <Money cents={r.fee} />) },
          {
            accessor: 'charge',
            title: 'New charge',
            textAlign: 'right',
            render: (r) => (r.charge === null ? '' : r.deferred ? <Text size="xs">{formatMoney(r.charge)} (+{formatMoney(r.deferred)} next invoice)</Text> : <Money cents={r.charge} />),
          },
          { accessor: 'balanceEffect', title: 'Balance effect', textAlign: 'right', render: (r) => (r.balanceEffect === null ? '' : <Money cents={r.balanceEffect} colored />) },
          {
            accessor: 'status',
            title: 'Status',
            width: '28%',
            render: (r) => (
              <Stack gap={0}>
                <Badge size="xs" variant="light" color={ITEM_STATUS[r.status].color}>
                  {ITEM_STATUS[r.status].label}
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

const services = (n: number) => `${n} service${n === 1 ? '' : 's'}`;

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
        Of the <b>{services(c.total + left.total)}</b> on {batch.fromPlan.name}: <b>{c.pending}</b> to change, <b>{c.excluded}</b> excluded by you,{' '}
        <b>{c.skipped}</b> cannot change (the reason is beside each one below)
        {left.total > 0 ? (
          <>
            , and <b>{left.total}</b> not listed:
          </>
        ) : (
          '.'
        )}
      </Text>
      {left.total > 0 && (
        <Stack gap={0} component="ul" style={{ margin: 0, paddingLeft: 18 }} data-testid="bulk-left-out">
          {left.rows.map((r) => (
            <Text key={r.serviceId} component="li" size="xs">
              service #{r.serviceId} of{' '}
              <Anchor size="xs" href={`#/customers/${r.customerId}/services`}>
                {r.customerName}
              </Anchor>{' '}
              — {r.reason}
            </Text>
          ))}
          {left.total > left.rows.length && (
            <Text component="li" size="xs" c="dimmed">
              and {left.total - left.rows.length} more of the same kind
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function PreviewStep({ batch, onBatch, onBack, onApply }: { batch: BulkBatchView; onBatch: (b: BulkBatchView) => void; onBack: () => void; onApply: (b: BulkBatchView) => void }) {
  const [version, setVersion] = useState(0);
  const [confirm, setConfirm] = useState(false);
  const [exclude, est] = useMutation('bulk.exclude');
  const toggle = async (r: BulkItemRow, included: boolean) => {
    const b = await exclude({ batchId: batch.id, itemIds: [r.id], excluded: !included });
    if (b) {
      onBatch(b);
      setVersion((v) => v + 1);
    }
  };
  const c = batch.counts;
  return (
    <Stack gap="sm">
      <Totals batch={batch} />
      <CountSentence batch={batch} />
      <ErrorAlert error={est.error} />
      <ItemsTable
        batchId={batch.id}
        version={version}
        label="Preview"
        filters={[
          { value: 'all', label: `All (${c.total})` },
          { value: 'included', label: `To change (${c.pending})` },
          { value: 'excluded', label: `Excluded (${c.excluded})` },
          { value: 'skipped', label: `Cannot change (${c.skipped})` },
        ]}
        extraColumns={[
          {
            accessor: 'include',
            title: 'Include',
            width: 60,
            render: (r) => (
              <Checkbox
                size="xs"
                aria-label={`Include service #${r.serviceId}`}
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
          Back to first step
        </Button>
        <Button size="xs" disabled={c.pending === 0} onClick={() => setConfirm(true)}>
          Change tariff
        </Button>
      </Group>
      <ConfirmModal
        opened={confirm}
        title="Change tariff?"
        color="blue"
        confirmLabel="Confirm"
        onClose={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          onApply(batch);
        }}
      >
        {c.pending} service(s) move from {batch.fromPlan.name} to {batch.toPlan.name} on {batch.start}: refunds {formatMoney(batch.totals.refund)}, fees{' '}
        {formatMoney(batch.totals.fee)}, new charges {formatMoney(batch.totals.charge)}. It can be undone until {addDays(batch.start, -1)}.
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
        Changing services: {progress.processed} of {progress.total}
        {progress.failed ? ` (${progress.failed} failed)` : ''}
      </Text>
      <Progress value={pct} size="lg" animated={!error} aria-label="Apply progress" />
      {error && (
        <>
          <ErrorAlert error={error} title="Interrupted" />
          <Text size="xs" c="dimmed">
            Every service is either fully changed or untouched; resuming carries on with the rest.
          </Text>
          <Group>
            <Button size="xs" onClick={() => setAttempt((a) => a + 1)}>
              Resume
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
  onChanged,
}: {
  batch: BulkBatchView;
  onBatch: (b: BulkBatchView) => void;
  onResume: () => void;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [version, setVersion] = useState(0);
  const [confirm, setConfirm] = useState(false);
  const [undo, ust] = useMutation('bulk.undo');
  const [retry, rst] = useMutation('bulk.retryFailed');
  const [undone, setUndone] = useState<BulkUndoResult | null>(null);
  const c = batch.counts;
  const changed = c.succeeded + c.undone + c.changedByHand + c.undoFailed;
  return (
    <Stack gap="sm">
      {batch.status === 'undone' ? (
        <Alert color="grape" variant="light" icon={<IconArrowBackUp size={16} />} title={`Undone on ${batch.undoneOn} by ${batch.undoneBy}`} p="xs">
          {c.undone} change(s) cancelled
          {c.changedByHand ? `; ${c.changedByHand} left as they are because they were changed by hand since` : ''}
          {c.undoFailed ? `; ${c.undoFailed} could not be cancelled` : ''}.
        </Alert>
      ) : (
        <Alert color={c.failed ? 'orange' : 'green'} variant="light" icon={c.failed ? <IconAlertTriangle size={16} /> : <IconCheck size={16} />} title="Bulk change applied" p="xs">
          {changed} service(s) changed to {batch.toPlan.name} from {batch.start}
          {c.failed ? `; ${c.failed} failed (see the reasons below)` : ''}
          {c.excluded ? `; ${c.excluded} excluded` : ''}
          {c.skipped ? `; ${c.skipped} could not change` : ''}.
        </Alert>
      )}
      {undone && (undone.changedByHand > 0 || undone.undoFailed > 0) && (
        <Alert color="yellow" variant="light" title="Some rows were not undone" p="xs">
          {undone.changedByHand} changed by hand since the bulk change, {undone.undoFailed} could not be cancelled: see “Problems”.
        </Alert>
      )}
      <Totals batch={batch} />
      <ItemsTable
        batchId={batch.id}
        version={version}
        label="Result"
        filters={[
          { value: 'all', label: 'All' },
          { value: 'succeeded', label: `Success (${c.succeeded})` },
          { value: 'failed', label: `Failed (${c.failed})` },
          { value: 'undone', label: `Undone (${c.undone})` },
          { value: 'problems', label: 'Problems' },
        ]}
      />
      <ErrorAlert error={rst.error} />
      <Group justify="space-between">
        <Group gap="xs">
          {batch.status === 'applying' && (
            <Button size="xs" onClick={onResume}>
              Resume
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
              Retry failed
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
            Undo this change
          </Button>
          {!batch.canUndo && batch.status !== 'undone' && (
            <Text size="xs" c="dimmed">
              {batch.undoBlockedReason}
            </Text>
          )}
        </Group>
        <Button size="xs" variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
      <ConfirmModal
        opened={confirm}
        title="Undo bulk change?"
        confirmLabel="Undo"
        busy={ust.busy}
        error={ust.error}
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          const res = await undo({ batchId: batch.id });
          if (res) {
            setConfirm(false);
            setUndone(res);
            onBatch(res.batch);
            setVersion((v) => v + 1);
            onChanged();
          }
        }}
      >
        Every change of this batch is cancelled with mirror documents and the old services are restored. Rows changed by hand since are reported and left
        as they are.
      </ConfirmModal>
    </Stack>
  );
}
