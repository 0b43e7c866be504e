import { useForm, type UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';
import type { AppErrorData } from '../../../main/contract/errors';
import { issueMessage, issuesToFields } from '../../../main/contract/errors';
import { fieldMessages } from '../i18n/errors';

/** The channel input a form's text becomes, with the fields whose text could not be read ("12,3.4" as a price). */
export interface Converted<I> {
  input: I;
  errors: Record<string, string>;
}

/**
 * A form checked against the contract's own zod schema before it is sent (@mantine/form): every error shows at once,
 * beside its field, in the words dispatch would use. The form's values mirror the channel input's shape (`internet.
 * macs`, `discount.value`), so a schema issue's path is the field's path; `toInput` turns the typed text into the
 * input (money text → cents…) and reports the text it cannot read. Like Mantine's schemaResolver, but the text is
 * converted first and zod's generic messages are phrased by `issueMessage`.
 */
export function useContractForm<V extends Record<string, unknown>, I>(opts: {
  initialValues: V;
  schema: z.ZodType;
  toInput: (values: V) => Converted<I>;
}): UseFormReturnType<V> {
  return useForm<V>({
    mode: 'controlled',
    initialValues: opts.initialValues,
    validate: (values) => {
      const { input, errors } = opts.toInput(values);
      const parsed = opts.schema.safeParse(input, { error: issueMessage });
      // the contract's English field messages, in the staff member's language (i18n/errors.ts)
      return fieldMessages({ ...(parsed.success ? {} : issuesToFields(parsed.error.issues)), ...errors });
    },
  });
}

/** A refusal from the application with field messages: shown beside the fields (the same paths as the form's). */
export function showServerErrors<V>(form: UseFormReturnType<V>, error: AppErrorData | null | undefined): void {
  if (error?.fields) form.setErrors(fieldMessages(error.fields));
}
