import { Stack, type ModalProps } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import { contract, type ChannelName, type InputOf, type OutputOf } from '../../../main/contract';
import type { AppErrorData } from '../../../main/contract/errors';
import { showServerErrors, useContractForm, type Converted } from '../hooks/useContractForm';
import { api } from '../transport';
import { ErrorAlert, FormButtons } from './common';
import { FormModal } from './FormModal';
import { t } from '../i18n';

// The dialogs that edit one record through one channel (routers, staff, partners, IPv4 networks and pools, plans,
// payments…) share this: a form checked against the channel's own zod schema before sending (every error at once,
// beside its field), the application's refusal beside the same fields, and a close that asks when the form has
// changes. A dialog supplies its fields and how its text becomes the channel input.

export interface ChannelForm<V> {
  form: UseFormReturnType<V>;
  submit: (e?: React.FormEvent<HTMLFormElement>) => void;
  busy: boolean;
  error: AppErrorData | null;
}

/** `channel` is fixed for the dialog's life (e.g. create or update, chosen by whether a record is being edited). */
export function useChannelForm<C extends ChannelName, V extends Record<string, unknown>>(
  channel: C,
  opts: { initialValues: V; toInput: (values: V) => Converted<InputOf<C>>; onSaved: (data: OutputOf<C>) => void },
): ChannelForm<V> {
  const form = useContractForm<V, InputOf<C>>({ initialValues: opts.initialValues, schema: contract[channel].input, toInput: opts.toInput });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.call(channel, opts.toInput(values).input);
      if (res.ok) return opts.onSaved(res.data as OutputOf<C>);
      setError(res.error);
      showServerErrors(form, res.error);
    } finally {
      setBusy(false);
    }
  });
  return { form, submit, busy, error };
}

/** The modal around a ChannelForm: fields, the refusal (if any), Cancel / Save. */
export function FormDialog<V>({
  state,
  onClose,
  submitLabel,
  children,
  ...modal
}: Omit<ModalProps, 'opened' | 'onClose' | 'children'> & { state: ChannelForm<V>; onClose: () => void; submitLabel?: string; children: ReactNode }) {
  return (
    <FormModal dirty={state.form.isDirty()} onClose={onClose} {...modal}>
      <form onSubmit={state.submit} noValidate>
        <Stack gap="xs">
          {children}
          <ErrorAlert error={state.error} title={t('Not saved')} />
          <FormButtons busy={state.busy} onCancel={onClose} submitLabel={submitLabel} />
        </Stack>
      </form>
    </FormModal>
  );
}

/** Text → whole number for a channel input: '' and non-numbers become NaN, which the schema refuses in words. */
export const wholeNumber = (text: string | number): number => (typeof text === 'number' ? text : text.trim() === '' ? Number.NaN : Number(text));
