import { z } from 'zod';
import type { CreditNoteRow, InvoiceRow } from './billing';
import { channel } from './channel';
import { id, isoDate, requiredText, type Language } from './common';

// The customer's documents as printed (issue 18 item 13, issue 19 part 2): a statement for a date range, and an
// invoice or credit note looked up by its printed number — what the document-only print route and the PDF commands
// ask for. Staff only (a portal session is refused by dispatch), open to every role: each is a read of money the
// Billing tab already shows.

export interface StatementRow {
  date: string;
  kind: 'invoice' | 'creditNote' | 'payment';
  /** the invoice's or credit note's number; a payment's reference ('' when it has none) */
  document: string;
  /** an invoice's first line ("… and 2 more"), a credit note's reason, a payment's method */
  description: string;
  /** what the row adds to what the customer owes (an invoice), cents */
  debit: number;
  /** what the row pays or gives back (a payment, a credit note), cents */
  credit: number;
  /** the balance after this row (credits − debits: positive = the customer has money with us) */
  balance: number;
}

/**
 * A statement over the INCLUSIVE business dates from … to (as every date range the staff see: "1–31 January").
 * openingBalance = the balance at the end of the day before `from`; closingBalance = openingBalance + credits −
 * debits, exactly (integer cents), and equal to the customer's balance when `to` is today or later.
 */
export interface CustomerStatement {
  /** language: the customer's (the statement speaks it) */
  customer: { id: number; name: string; address: string; email: string; language: Language };
  from: string;
  to: string;
  /** the business date it was made on */
  issuedOn: string;
  openingBalance: number;
  rows: StatementRow[];
  debits: number;
  credits: number;
  closingBalance: number;
}

const documentNumber = requiredText(64);

export const documentChannels = {
  'documents.statement': channel<CustomerStatement>()(z.object({ customerId: id, from: isoDate, to: isoDate }), { readOnly: true }),
  'documents.invoice': channel<InvoiceRow>()(z.object({ number: documentNumber }), { readOnly: true }),
  'documents.creditNote': channel<CreditNoteRow>()(z.object({ number: documentNumber }), { readOnly: true }),
  /** the numbers of every invoice dated that business day, oldest first (for a folder of PDF files) */
  'documents.invoicesOfDay': channel<{ numbers: string[] }>()(z.object({ date: isoDate }), { readOnly: true }),
};

// --- Printing a document alone (the print route, PDF files) ----------------------------------------------------
// The same React views as on screen render a document alone at `#/print/<kind>/<key>` (renderer/src/print/): the
// CLI's Chromium and the app's hidden window load that route and print it to PDF. These helpers are the one place
// that knows the route and the file names, for the renderer, the CLI and the Electron host alike.

export const printTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoice'), number: documentNumber }).strict(),
  z.object({ kind: z.literal('creditNote'), number: documentNumber }).strict(),
  z.object({ kind: z.literal('statement'), customerId: id, from: isoDate, to: isoDate }).strict(),
]);
export type PrintTarget = z.infer<typeof printTarget>;

const ROUTE_KIND = { invoice: 'invoice', creditNote: 'credit-note', statement: 'statement' } as const;

/** The hash of the document-only route, e.g. `#/print/invoice/2023000012`. */
export function printHash(t: PrintTarget): string {
  if (t.kind === 'statement') return `#/print/statement/${t.customerId}?from=${t.from}&to=${t.to}`;
  return `#/print/${ROUTE_KIND[t.kind]}/${encodeURIComponent(t.number)}`;
}

/** The target of a route's segments after 'print' (and its query), or null when it names no document. */
export function printTargetOf(segments: readonly string[], query: URLSearchParams): PrintTarget | null {
  const [kind, key] = segments;
  const raw =
    kind === 'statement'
      ? { kind: 'statement', customerId: Number(key), from: query.get('from') ?? '', to: query.get('to') ?? '' }
      : kind === 'invoice' || kind === 'credit-note'
        ? { kind: kind === 'invoice' ? 'invoice' : 'creditNote', number: key ?? '' }
        : null;
  const parsed = raw ? printTarget.safeParse(raw) : null;
  return parsed?.success ? parsed.data : null;
}

/** A file name from a document number: characters a file system may refuse become '_'. */
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');

/** `<number>.pdf` for an invoice, `credit-note-<number>.pdf`, `statement-<customer>-<from>-<to>.pdf`. */
export function pdfFileName(t: PrintTarget): string {
  if (t.kind === 'statement') return `statement-${t.customerId}-${t.from}-${t.to}.pdf`;
  return t.kind === 'invoice' ? `${safeName(t.number)}.pdf` : `credit-note-${safeName(t.number)}.pdf`;
}

/** Set on <body> by the print route once the document is on screen ('ready') or cannot be ('error': the text says why). */
export const PRINT_STATE_ATTRIBUTE = 'data-print-state';
/** Set with it: the location hash that state is for, so a printer that moves one page from document to document never reads the previous one's state. */
export const PRINT_FOR_ATTRIBUTE = 'data-print-for';
