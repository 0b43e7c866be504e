import { Divider, Grid, PasswordInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { contract, type InputOf } from '../../../../main/contract';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { AppErrorData } from '../../../../main/contract/errors';
import { ErrorAlert, FormButtons } from '../../components/common';
import { FormModal } from '../../components/FormModal';
import { moneyInputValue, parseMoney } from '../../format';
import { showServerErrors, useContractForm, type Converted } from '../../hooks/useContractForm';
import { api } from '../../transport';
import { usePartners } from '../../hooks/useReference';

interface FormState extends Record<string, unknown> {
  name: string;
  category: 'person' | 'company';
  partnerId: string;
  status: 'new' | 'active' | 'blocked' | 'inactive';
  email: string;
  phone: string;
  address: string;
  notes: string;
  portalLogin: string;
  portalPassword: string;
  billing: {
    billingDay: string;
    useCreationDate: '' | 'yes' | 'no';
    paymentDueDays: string;
    blockingDays: string;
    deactivationDays: string;
    minimumBalance: string;
  };
}

const dayText = (v: number | 'never' | null | undefined) => (v === null || v === undefined ? '' : String(v));

function initialState(c: CustomerDetail | null): FormState {
  return {
    name: c?.name ?? '',
    category: c?.category ?? 'person',
    partnerId: String(c?.partnerId ?? 1),
    status: c?.status ?? 'new',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    address: c?.address ?? '',
    notes: c?.notes ?? '',
    portalLogin: c?.portalLogin ?? '',
    portalPassword: '',
    billing: {
      billingDay: dayText(c?.billing.billingDay),
      useCreationDate: c?.billing.useCreationDate === true ? 'yes' : c?.billing.useCreationDate === false ? 'no' : '',
      paymentDueDays: dayText(c?.billing.paymentDueDays),
      blockingDays: dayText(c?.billing.blockingDays),
      deactivationDays: dayText(c?.billing.deactivationDays),
      minimumBalance: c?.billing.minimumBalance === null || c?.billing.minimumBalance === undefined ? '' : moneyInputValue(c.billing.minimumBalance),
    },
  };
}

/** '' → null (partner setting); 'never' → 'never'; a whole number → that number; else an error message. */
function parseDays(text: string, allowNever: boolean): { value: number | 'never' | null; error?: string } {
  const t = text.trim().toLowerCase();
  if (t === '') return { value: null };
  if (allowNever && t === 'never') return { value: 'never' };
  if (/^\d{1,2}$/.test(t)) return { value: Number(t) };
  return { value: null, error: allowNever ? 'must be a number of days or "never"' : 'must be a whole number' };
}

/** The form's text as the customers.create / update input, and the text that cannot be read. */
function toInput(f: FormState): Converted<InputOf<'customers.create'>> {
  const errors: Record<string, string> = {};
  const b = f.billing;
  const bd = parseDays(b.billingDay, false);
  if (bd.error) errors['billing.billingDay'] = bd.error;
  const pd = parseDays(b.paymentDueDays, false);
  if (pd.error) errors['billing.paymentDueDays'] = pd.error;
  const bl = parseDays(b.blockingDays, true);
  if (bl.error) errors['billing.blockingDays'] = bl.error;
  const de = parseDays(b.deactivationDays, true);
  if (de.error) errors['billing.deactivationDays'] = de.error;
  let minimumBalance: number | null = null;
  if (b.minimumBalance.trim() !== '') {
    minimumBalance = parseMoney(b.minimumBalance);
    if (minimumBalance === null) errors['billing.minimumBalance'] = 'must be an amount like 10.00';
  }
  const input = {
    name: f.name,
    category: f.category,
    partnerId: Number(f.partnerId),
    status: f.status,
    email: f.email,
    phone: f.phone,
    address: f.address,
    notes: f.notes,
    portalLogin: f.portalLogin,
    portalPassword: f.portalPassword,
    billing: {
      billingDay: bd.value as number | null,
      useCreationDate: b.useCreationDate === '' ? null : b.useCreationDate === 'yes',
      paymentDueDays: pd.value as number | null,
      blockingDays: bl.value,
      deactivationDays: de.value,
      minimumBalance,
    },
  } satisfies InputOf<'customers.create'>;
  return { input, errors };
}

export function CustomerForm({
  customer,
  opened,
  onClose,
  onSaved,
}: {
  customer: CustomerDetail | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (c: CustomerDetail) => void;
}) {
  const form = useContractForm<FormState, InputOf<'customers.create'>>({
    initialValues: initialState(customer),
    schema: contract['customers.create'].input,
    toInput,
  });
  const partners = usePartners();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const input = (path: string) => form.getInputProps(path);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const { input: data } = toInput(values);
      const res = customer ? await api.call('customers.update', { ...data, id: customer.id }) : await api.call('customers.create', data);
      if (res.ok) return onSaved(res.data);
      setError(res.error);
      showServerErrors(form, res.error);
    } finally {
      setBusy(false);
    }
  });

  const partnerOptions = (partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }));
  if (partnerOptions.length === 0) partnerOptions.push({ value: form.values.partnerId, label: customer?.partnerName ?? 'Default' });
  const eff = customer?.effectiveBilling;

  return (
    <FormModal opened={opened} dirty={form.isDirty()} onClose={onClose} title={customer ? `Edit customer #${customer.id}` : 'Add customer'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Grid gap="xs">
            <Grid.Col span={8}>
              <TextInput label="Name" required withAsterisk={false} size="xs" data-autofocus {...input('name')} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Category"
                size="xs"
                data={[
                  { value: 'person', label: 'Person' },
                  { value: 'company', label: 'Company' },
                ]}
                {...input('category')} allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select label="Partner" size="xs" data={partnerOptions} {...input('partnerId')} allowDeselect={false} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select
                label="Status"
                size="xs"
                data={[
                  { value: 'new', label: 'New' },
                  { value: 'active', label: 'Active' },
                  { value: 'blocked', label: 'Blocked' },
                  { value: 'inactive', label: 'Inactive' },
                ]}
                {...input('status')} allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="E-mail" size="xs" {...input('email')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Phone" size="xs" {...input('phone')} />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput label="Address" size="xs" {...input('address')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Portal login" size="xs" autoComplete="off" {...input('portalLogin')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <PasswordInput
                label="Portal password"
                size="xs"
                autoComplete="new-password"
                description={customer ? (customer.hasPortalPassword ? 'Leave empty to keep the current password' : 'No password set') : undefined}
                {...input('portalPassword')}
              />
            </Grid.Col>
          </Grid>
          <Divider label="Billing settings (empty = partner setting)" labelPosition="left" />
          <Grid gap="xs">
            <Grid.Col span={4}>
              <TextInput
                label="Billing day"
                size="xs"
                placeholder={eff ? `partner: ${eff.billingDay}` : '1–28'}
                {...input('billing.billingDay')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Use creation date"
                size="xs"
                data={[
                  { value: '', label: 'Partner setting' },
                  { value: 'yes', label: 'Yes (creation day)' },
                  { value: 'no', label: 'No (billing day)' },
                ]}
                {...input('billing.useCreationDate')}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Payment due (days)"
                size="xs"
                placeholder="1–28"
                {...input('billing.paymentDueDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Blocking (days after due)"
                size="xs"
                placeholder="0–99 or never"
                {...input('billing.blockingDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Deactivation (days after blocking)"
                size="xs"
                placeholder="1–99 or never"
                {...input('billing.deactivationDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Minimum balance"
                size="xs"
                inputMode="decimal"
                placeholder="0.00"
                {...input('billing.minimumBalance')}
              />
            </Grid.Col>
          </Grid>
          <Textarea label="Notes" size="xs" autosize minRows={2} maxRows={5} {...input('notes')} />
          <ErrorAlert error={error} title="Not saved" />
          <FormButtons busy={busy} onCancel={onClose} submitLabel={customer ? 'Save' : 'Create customer'} />
        </Stack>
      </form>
    </FormModal>
  );
}
