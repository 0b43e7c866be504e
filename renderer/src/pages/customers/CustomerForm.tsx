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
import { LANGUAGE_INFO, LANGUAGES, t, type Language } from '../../i18n';

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
  /** '' on a new customer: the partner's default language */
  language: '' | Language;
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
    language: c?.language ?? '',
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
  const s = text.trim().toLowerCase();
  if (s === '') return { value: null };
  // "never" in English, and the word of the staff member's language
  if (allowNever && (s === 'never' || s === t('never').toLowerCase())) return { value: 'never' };
  if (/^\d{1,2}$/.test(s)) return { value: Number(s) };
  return { value: null, error: allowNever ? t('must be a number of days or “{{never}}”', { never: t('never') }) : t('must be a whole number') };
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
    if (minimumBalance === null) errors['billing.minimumBalance'] = t('must be an amount like {{example}}', { example: moneyInputValue(1000) });
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
    ...(f.language ? { language: f.language } : {}),
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
  if (partnerOptions.length === 0) partnerOptions.push({ value: form.values.partnerId, label: customer?.partnerName ?? t('Default') });
  const eff = customer?.effectiveBilling;

  return (
    <FormModal opened={opened} dirty={form.isDirty()} onClose={onClose} title={customer ? t('Edit customer #{{id}}', { id: customer.id }) : t('Add customer')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Grid gap="xs">
            <Grid.Col span={8}>
              <TextInput label={t('Name')} required withAsterisk={false} size="xs" data-autofocus {...input('name')} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label={t('Category')}
                size="xs"
                data={[
                  { value: 'person', label: t('Person') },
                  { value: 'company', label: t('Company') },
                ]}
                {...input('category')} allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select label={t('Partner')} size="xs" data={partnerOptions} {...input('partnerId')} allowDeselect={false} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select
                label={t('Status')}
                size="xs"
                data={[
                  { value: 'new', label: t('New') },
                  { value: 'active', label: t('Active') },
                  { value: 'blocked', label: t('Blocked') },
                  { value: 'inactive', label: t('Inactive') },
                ]}
                {...input('status')} allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label={t('E-mail')} size="xs" {...input('email')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label={t('Phone')} size="xs" {...input('phone')} />
            </Grid.Col>
            <Grid.Col span={8}>
              <TextInput label={t('Address')} size="xs" {...input('address')} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label={t('Language (documents, portal)')}
                size="xs"
                data={[
                  ...(customer ? [] : [{ value: '', label: t('The partner’s default') }]),
                  ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_INFO[l].name })),
                ]}
                {...input('language')}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label={t('Portal login')} size="xs" autoComplete="off" {...input('portalLogin')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <PasswordInput
                label={t('Portal password')}
                size="xs"
                autoComplete="new-password"
                description={customer ? (customer.hasPortalPassword ? t('Leave empty to keep the current password') : t('No password set')) : undefined}
                {...input('portalPassword')}
              />
            </Grid.Col>
          </Grid>
          <Divider label={t('Billing settings (empty = partner setting)')} labelPosition="left" />
          <Grid gap="xs">
            <Grid.Col span={4}>
              <TextInput
                label={t('Billing day')}
                size="xs"
                placeholder={eff ? t('partner: {{value}}', { value: eff.billingDay }) : '1–28'}
                {...input('billing.billingDay')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label={t('Use creation date')}
                size="xs"
                data={[
                  { value: '', label: t('Partner setting') },
                  { value: 'yes', label: t('Yes (creation day)') },
                  { value: 'no', label: t('No (billing day)') },
                ]}
                {...input('billing.useCreationDate')}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label={t('Payment due (days)')}
                size="xs"
                placeholder="1–28"
                {...input('billing.paymentDueDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label={t('Blocking (days after due)')}
                size="xs"
                placeholder={t('0–99 or never')}
                {...input('billing.blockingDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label={t('Deactivation (days after blocking)')}
                size="xs"
                placeholder={t('1–99 or never')}
                {...input('billing.deactivationDays')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label={t('Minimum balance')}
                size="xs"
                inputMode="decimal"
                placeholder={moneyInputValue(0)}
                {...input('billing.minimumBalance')}
              />
            </Grid.Col>
          </Grid>
          <Textarea label={t('Notes')} size="xs" autosize minRows={2} maxRows={5} {...input('notes')} />
          <ErrorAlert error={error} title={t('Not saved')} />
          <FormButtons busy={busy} onCancel={onClose} submitLabel={customer ? t('Save') : t('Create customer')} />
        </Stack>
      </form>
    </FormModal>
  );
}
