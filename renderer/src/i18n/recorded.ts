import { tk, type CatalogueKey, type Language } from '.';

// Texts the application layer writes into records in English (a ledger entry's description), shown in the reader's
// language when they have one of the known forms; anything else (typed by staff) is shown as written.

const FORMS: [RegExp, CatalogueKey, string?][] = [
  [/^Invoice (\S+)$/, 'Invoice {{number}}', 'number'],
  [/^Credit note (\S+)$/, 'Credit note {{number}}', 'number'],
  [/^Payment$/, 'Payment'],
  [/^Payment (.+)$/, 'Payment {{reference}}', 'reference'],
  [/^Cancellation of invoice (\S+)$/, 'Cancellation of invoice {{number}}', 'number'],
  [/^Cancellation of credit note (\S+)$/, 'Cancellation of credit note {{number}}', 'number'],
  // the steps of a restore (main/app/backup.ts)
  [/^Checking the backup$/, 'Checking the backup'],
  [/^Copying it and bringing it up to date$/, 'Copying it and bringing it up to date'],
  [/^Verifying the copy$/, 'Verifying the copy'],
  [/^Saving the current data and replacing it$/, 'Saving the current data and replacing it'],
  [/^Done$/, 'Done'],
  [/^Not restored$/, 'Not restored'],
];

export function recordedText(text: string, language?: Language): string {
  for (const [re, key, param] of FORMS) {
    const m = re.exec(text);
    if (m) return tk(key, param ? { [param]: m[1] } : undefined, language);
  }
  return text;
}

/** A payment method as the statement names it (main/app/documents.ts: "Bank transfer"), in the reader's language. */
const METHOD_KEY: Record<string, CatalogueKey> = {
  Cash: 'paymentMethod.cash',
  'Bank transfer': 'paymentMethod.bankTransfer',
  'Credit card': 'paymentMethod.creditCard',
  'Refill card': 'paymentMethod.refillCard',
  Other: 'paymentMethod.other',
};
export const paymentMethodText = (text: string, language?: Language): string => (METHOD_KEY[text] ? tk(METHOD_KEY[text], undefined, language) : text);
