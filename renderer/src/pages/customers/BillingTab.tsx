import { ActionIcon, Badge, Button, Checkbox, Group, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCash, IconEye, IconFileInvoice, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { CreditNoteRow, InvoiceRow, LedgerRow, PaymentRow } from '../../../../main/contract/billing';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { InputOf } from '../../../../main/contract';
import { DateField, EmptyState, ErrorAlert, InvoiceStatusBadge, LoadingRows, Money } from '../../components/common';
import { CreditNoteView, InvoiceView } from '../../components/InvoiceView';
import { FormDialog, useChannelForm } from '../../components/FormDialog';
import { PagedTable } from '../../components/PagedTable';
import { ServerTable } from '../../components/ServerTable';
import { CreditNotesList } from '../../components/CreditNotesList';
import { formatDate, formatMoney, INVOICE_KIND_LABEL, moneyInputValue, parseMoney, parsePercentBp, PAYMENT_METHOD_LABEL, TRANSACTION_CATEGORY_LABEL } from '../../format';
import { useQuery } from '../../hooks/useApi';
import { useBusinessDate } from '../../hooks/businessDate';
import { navigate, useRoute } from '../../router';
import { t } from '../../i18n';
import { recordedText } from '../../i18n/recorded';

export function BillingTab({ customer }: { customer: CustomerDetail }) {
  const summary = useQuery('billing.customerSummary', { customerId: customer.id });
  const [dialog, setDialog] = useState<'payment' | 'invoice' | null>(null);
  const [invoice, setInvoice] = useState<InvoiceRow | null>(null);
  const [note, setNote] = useState<CreditNoteRow | null>(null);
  const [sub, setSub] = useState<string>('invoices');
  // Each list asks the server for one page; after a write (here or at another seat) every list fetches its page
  // again by push, staying on the page staff are reading.
  const done = () => setDialog(null);
  const b = summary.data;
  // #/customers/N/billing?invoice=ID (the global search's invoice hits) opens that invoice (billing.invoice).
  const route = useRoute();
  const openInvoiceId = Number(route.query.get('invoice')) || null;
  const linked = useQuery('billing.invoice', openInvoiceId ? { id: openInvoiceId } : null);
  useEffect(() => {
    if (!linked.data || linked.data.customerId !== customer.id) return;
    setInvoice(linked.data);
    navigate(`/customers/${customer.id}/billing`, { replace: true });
  }, [linked.data, customer.id]);

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="md">
          <Text size="sm">
            {t('Balance')}: <b>{b ? formatMoney(b.balance) : formatMoney(customer.balance)}</b>
          </Text>
          {b && b.pendingCharges.length > 0 && (
            <Badge size="sm" variant="light" color="grape">
              {t('{{count}} pending charges', { count: b.pendingCharges.length })}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Button size="xs" leftSection={<IconCash size={14} />} onClick={() => setDialog('payment')}>
            {t('Add payment')}
          </Button>
          <Button size="xs" variant="light" leftSection={<IconFileInvoice size={14} />} onClick={() => setDialog('invoice')}>
            {t('One-time invoice')}
          </Button>
        </Group>
      </Group>
      {summary.error && <ErrorAlert error={summary.error} title={t('Cannot load billing')} />}
      {!b && summary.loading && <LoadingRows rows={6} />}
      {b && (
        <Tabs value={sub} onChange={(v) => v && setSub(v)} variant="outline" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="invoices">
              {t('Invoices')} ({b.counts.invoices})
            </Tabs.Tab>
            <Tabs.Tab value="creditNotes">
              {t('Credit notes')} ({b.counts.creditNotes})
            </Tabs.Tab>
            <Tabs.Tab value="payments">
              {t('Payments')} ({b.counts.payments})
            </Tabs.Tab>
            <Tabs.Tab value="ledger">{t('Ledger')}</Tabs.Tab>
            <Tabs.Tab value="pending">
              {t('Pending charges')} ({b.pendingCharges.length})
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="invoices" pt="xs">
            <CustomerInvoices customerId={customer.id} onOpen={setInvoice} onOneTimeInvoice={() => setDialog('invoice')} />
          </Tabs.Panel>
          <Tabs.Panel value="creditNotes" pt="xs">
            <CustomerCreditNotes customerId={customer.id} onOpen={setNote} />
          </Tabs.Panel>
          <Tabs.Panel value="payments" pt="xs">
            <CustomerPayments customerId={customer.id} onAddPayment={() => setDialog('payment')} />
          </Tabs.Panel>
          <Tabs.Panel value="ledger" pt="xs">
            <CustomerLedger customerId={customer.id} />
          </Tabs.Panel>
          <Tabs.Panel value="pending" pt="xs">
            <PagedTable
              label={t('Pending charges')}
              records={b.pendingCharges}
              emptyText={t('No pending charges')}
              columns={[
                { accessor: 'createdOn', render: (r) => formatDate(r.createdOn), title: t('Created'), noWrap: true },
                { accessor: 'description', title: t('Description') },
                { accessor: 'amount', title: t('Amount'), textAlign: 'right', render: (r) => <Money cents={r.amount} /> },
              ]}
            />
          </Tabs.Panel>
        </Tabs>
      )}
      {dialog === 'payment' && <AddPaymentDialog customerId={customer.id} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === 'invoice' && <OneTimeInvoiceDialog customerId={customer.id} onClose={() => setDialog(null)} onSaved={done} />}
      {invoice && <InvoiceView invoice={invoice} onClose={() => setInvoice(null)} />}
      {note && <CreditNoteView note={note} onClose={() => setNote(null)} />}
    </Stack>
  );
}

const PAGE_SIZE = 25;

/**
 * The page state and query of one of the customer's server-paged lists. The parent remounts a list (a new React key)
 * after a write, which starts it again from its first page, the newest rows.
 */
function useCustomerPage<C extends 'finance.invoices' | 'finance.creditNotes' | 'finance.payments' | 'billing.customerLedger'>(channel: C, customerId: number) {
  const [page, setPage] = useState(1);
  const query = useQuery(channel, { customerId, page, pageSize: PAGE_SIZE } as InputOf<C>, { keepPrevious: true });
  return { query, page, onPageChange: setPage, pageSize: PAGE_SIZE };
}

function CustomerInvoices({ customerId, onOpen, onOneTimeInvoice }: { customerId: number; onOpen: (r: InvoiceRow) => void; onOneTimeInvoice: () => void }) {
  const { query, ...paging } = useCustomerPage('finance.invoices', customerId);
  return (
    <>
      {query.error && <ErrorAlert error={query.error} title={t('Cannot load invoices')} />}
      <ServerTable<InvoiceRow>
        label={t('Invoices')}
        query={query}
        {...paging}
        emptyText={
          <EmptyState
            text={t('No invoices yet')}
            action={
              <Button size="xs" variant="light" onClick={onOneTimeInvoice}>
                {t('One-time invoice')}
              </Button>
            }
          />
        }
        onRowClick={onOpen}
        rowExpansion={{
          content: ({ record }) => (
            <Stack gap={0} px="md" py={4}>
              {record.lines.map((l) => (
                <Group key={l.id} justify="space-between">
                  <Text size="xs">{l.description}</Text>
                  <Text size="xs">{formatMoney(l.total)}</Text>
                </Group>
              ))}
            </Stack>
          ),
        }}
        columns={[
          { accessor: 'number', title: t('Number') },
          { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
          { accessor: 'dueDate', render: (r) => formatDate(r.dueDate), title: t('Due'), noWrap: true },
          { accessor: 'kind', title: t('Kind'), render: (r) => INVOICE_KIND_LABEL[r.kind] ?? r.kind },
          { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
          { accessor: 'paid', title: t('Paid'), textAlign: 'right', render: (r) => <Money cents={r.paid} /> },
          { accessor: 'status', title: t('Status'), noWrap: true, render: (r) => <InvoiceStatusBadge status={r.status} /> },
          {
            accessor: 'view',
            title: '',
            width: 40,
            // an icon: the word ("Ansehen") pushed the table past 1024 px
            render: (r) => (
              <Tooltip label={t('View')}>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={t('View invoice {{number}}', { number: r.number })}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(r);
                  }}
                >
                  <IconEye size={15} />
                </ActionIcon>
              </Tooltip>
            ),
          },
        ]}
      />
    </>
  );
}

function CustomerCreditNotes({ customerId, onOpen }: { customerId: number; onOpen: (r: CreditNoteRow) => void }) {
  const { query, ...paging } = useCustomerPage('finance.creditNotes', customerId);
  return <CreditNotesList query={query} {...paging} onOpen={onOpen} />;
}

function CustomerPayments({ customerId, onAddPayment }: { customerId: number; onAddPayment: () => void }) {
  const { query, ...paging } = useCustomerPage('finance.payments', customerId);
  return (
    <>
      {query.error && <ErrorAlert error={query.error} title={t('Cannot load payments')} />}
      <ServerTable<PaymentRow>
        label={t('Payments')}
        query={query}
        {...paging}
        emptyText={
          <EmptyState
            text={t('No payments yet')}
            action={
              <Button size="xs" variant="light" onClick={onAddPayment}>
                {t('Add payment')}
              </Button>
            }
          />
        }
        columns={[
          { accessor: 'id', title: t('ID'), width: 60 },
          { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
          { accessor: 'method', title: t('Method'), render: (r) => PAYMENT_METHOD_LABEL[r.method] ?? r.method },
          { accessor: 'reference', title: t('Reference') },
          { accessor: 'note', title: t('Note') },
          { accessor: 'amount', title: t('Amount'), textAlign: 'right', render: (r) => <Money cents={r.amount} /> },
        ]}
      />
    </>
  );
}

function CustomerLedger({ customerId }: { customerId: number }) {
  const { query, ...paging } = useCustomerPage('billing.customerLedger', customerId);
  return (
    <>
      {query.error && <ErrorAlert error={query.error} title={t('Cannot load the ledger')} />}
      <ServerTable<LedgerRow>
        label={t('Ledger')}
        query={query}
        {...paging}
        emptyText={t('No transactions yet')}
        columns={[
          { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
          { accessor: 'category', title: t('Category'), render: (r) => TRANSACTION_CATEGORY_LABEL[r.category] ?? r.category },
          { accessor: 'description', title: t('Description'), render: (r) => recordedText(r.description) },
          { accessor: 'debit', title: t('Debit'), textAlign: 'right', render: (r) => (r.kind === 'debit' ? <Money cents={r.amount} /> : '') },
          { accessor: 'credit', title: t('Credit'), textAlign: 'right', render: (r) => (r.kind === 'credit' ? <Money cents={r.amount} /> : '') },
          { accessor: 'balance', title: t('Balance'), textAlign: 'right', render: (r) => <Money cents={r.balance} colored /> },
        ]}
      />
    </>
  );
}

export function AddPaymentDialog({ customerId, onClose, onSaved }: { customerId: number; onClose: () => void; onSaved: () => void }) {
  const today = useBusinessDate();
  const state = useChannelForm('billing.addPayment', {
    initialValues: { amount: '', date: today, method: 'cash', reference: '', note: '' },
    toInput: (v) => {
      const cents = parseMoney(v.amount);
      const errors: Record<string, string> = {};
      if (cents === null || cents <= 0) errors.amount = t('must be an amount more than zero, like {{example}}', { example: moneyInputValue(2000) });
      return {
        input: { customerId, amount: cents ?? 0, date: v.date || null, method: v.method as 'cash', reference: v.reference, note: v.note },
        errors,
      };
    },
    onSaved,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={t('Add payment')} size="md" submitLabel={t('Add payment')}>
      <Group grow align="flex-start">
        <TextInput label={t('Amount')} required withAsterisk={false} size="xs" inputMode="decimal" data-autofocus {...form.getInputProps('amount')} />
        <DateField label={t('Payment date')} size="xs" {...form.getInputProps('date')} value={form.values.date} onChange={(d) => form.setFieldValue('date', d)} />
      </Group>
      <Select
        label={t('Method')}
        size="xs"
        allowDeselect={false}
        data={Object.entries(PAYMENT_METHOD_LABEL).map(([value, label]) => ({ value, label }))}
        {...form.getInputProps('method')}
      />
      <TextInput label={t('Reference')} size="xs" {...form.getInputProps('reference')} />
      <TextInput label={t('Note')} size="xs" {...form.getInputProps('note')} />
    </FormDialog>
  );
}

/** One line as typed: amount and VAT as text (read into cents and basis points when sent). */
interface LineValues {
  key: number;
  description: string;
  amount: string;
  vatRateBp: string;
  vatIncluded: boolean;
}

const emptyLine = (key: number): LineValues => ({ key, description: '', amount: '', vatRateBp: '0', vatIncluded: true });

export function OneTimeInvoiceDialog({ customerId, onClose, onSaved }: { customerId: number; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm('billing.oneTimeInvoice', {
    initialValues: { lines: [emptyLine(1)] },
    // The values' paths are the input's (lines.2.amount), so the schema's messages land beside their fields.
    toInput: (v) => {
      const errors: Record<string, string> = {};
      const lines = v.lines.map((ln, i) => {
        const amount = parseMoney(ln.amount);
        const vat = parsePercentBp(ln.vatRateBp || '0');
        if (ln.amount.trim() !== '' && amount === null) errors[`lines.${i}.amount`] = t('must be an amount like {{example}}', { example: moneyInputValue(2000) });
        if (vat === null || vat > 10000) errors[`lines.${i}.vatRateBp`] = t('must be a percentage 0–100'); // the schema counts basis points
        return { description: ln.description, amount: amount ?? 0, vatRateBp: vat ?? 0, vatIncluded: ln.vatIncluded };
      });
      return { input: { customerId, lines }, errors };
    },
    onSaved,
  });
  const { form } = state;
  const lines = form.values.lines;
  const total = lines.reduce((a, l) => a + (parseMoney(l.amount) ?? 0), 0);
  return (
    <FormDialog state={state} onClose={onClose} title={t('One-time invoice')} size="xl" submitLabel={t('Create invoice')}>
      {lines.map((ln, i) => (
        <Group key={ln.key} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput label={t('Line {{value}} description', { value: i + 1 })} size="xs" style={{ flex: 1 }} data-autofocus={i === 0 ? true : undefined} {...form.getInputProps(`lines.${i}.description`)} />
          <TextInput label={t('Line {{value}} amount', { value: i + 1 })} size="xs" w={120} inputMode="decimal" {...form.getInputProps(`lines.${i}.amount`)} />
          <TextInput label={t('Line {{value}} VAT %', { value: i + 1 })} size="xs" w={90} {...form.getInputProps(`lines.${i}.vatRateBp`)} />
          <Checkbox label={t('VAT included')} size="xs" mt={28} aria-label={t('Line {{value}} VAT included', { value: i + 1 })} {...form.getInputProps(`lines.${i}.vatIncluded`, { type: 'checkbox' })} />
          <ActionIcon mt={22} variant="subtle" color="red" aria-label={t('Remove line {{value}}', { value: i + 1 })} disabled={lines.length === 1} onClick={() => form.removeListItem('lines', i)}>
            <IconTrash size={15} />
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={12} />}
          disabled={lines.length >= 100}
          onClick={() => form.insertListItem('lines', emptyLine(Math.max(...lines.map((l) => l.key)) + 1))}
        >
          {t('Add line')}
        </Button>
        <Text size="sm">
          {t('Total')}: <b>{formatMoney(total)}</b>
        </Text>
      </Group>
      {form.errors.lines && (
        <Text size="xs" c="red">
          {form.errors.lines}
        </Text>
      )}
    </FormDialog>
  );
}
