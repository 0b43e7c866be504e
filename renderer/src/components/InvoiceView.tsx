import { Button, Divider, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import type { CreditNoteRow, InvoiceRow } from '../../../main/contract/billing';
import type { PrintTarget } from '../../../main/contract/documents';
import { formatBp, formatDate, formatMoney } from '../format';
import { api } from '../transport';
import { InvoiceStatusBadge } from './common';
import { createPortal } from 'react-dom';
import { useState, type ReactNode } from 'react';
import './print.css';
import { currentLanguage, tk, t, tFor, type CatalogueKey, type Language } from '../i18n';
import { errorText } from '../i18n/errors';

// The documents (invoice, credit note; the statement is in StatementView.tsx) are plain components, so the same view
// is shown in a modal, printed from it, and rendered alone by the print route (renderer/src/print/) for PDF files.

/** The document shown in the modal, plus a copy at the top of <body> that only the print stylesheet shows. */
export function Printable({ children, lang }: { children: ReactNode; lang?: Language }) {
  return (
    <>
      <div data-testid="document-view" lang={lang}>
        {children}
      </div>
      {createPortal(
        <div className="print-root" lang={lang}>
          {children}
        </div>,
        document.body,
      )}
    </>
  );
}

/**
 * Close, and print the document alone (print.css shows only the Printable copy). In the app, "Save PDF" asks main to
 * print the document-only route to a PDF file (a hidden window, Electron's printToPDF); in a browser, Print offers
 * the browser's own "Save as PDF".
 */
export function DocumentButtons({ onClose, pdf, canPrint = true }: { onClose: () => void; pdf?: PrintTarget; canPrint?: boolean }) {
  const [saving, setSaving] = useState(false);
  const savePdf = api.savePdf;
  const save = async (target: PrintTarget) => {
    setSaving(true);
    const res = await savePdf!(target);
    setSaving(false);
    if (!res.ok) notifications.show({ color: 'red', title: t('PDF not saved'), message: errorText(res.error) });
    else if (res.data.file) notifications.show({ color: 'green', title: t('PDF saved'), message: res.data.file });
  };
  return (
    <>
      <Divider my="xs" />
      <Group justify="flex-end">
        <Button size="xs" variant="default" onClick={onClose}>
          {t('Close')}
        </Button>
        {pdf && savePdf && (
          <Button size="xs" variant="default" leftSection={<IconFileTypePdf size={14} />} loading={saving} onClick={() => void save(pdf)}>
            {t('Save PDF')}
          </Button>
        )}
        <Button size="xs" leftSection={<IconPrinter size={14} />} disabled={!canPrint} onClick={() => window.print()}>
          {t('Print / PDF')}
        </Button>
      </Group>
    </>
  );
}

const KIND_TITLE: Record<string, CatalogueKey> = { recurring: 'Invoice', oneTime: 'Invoice', changePlan: 'Invoice', cancellation: 'Invoice (cancellation)' };

/**
 * A document speaks its customer's language (their invoices read the same whoever opens them): its words through
 * that language's t, its amounts, rates and dates formatted for it. The dialog around it stays in the staff's.
 */
function documentFormat(language: Language | undefined) {
  const lang = language ?? currentLanguage();
  return {
    lang,
    d: tFor(lang),
    money: (cents: number, currency = false) => formatMoney(cents, { language: lang, currency }),
    date: (iso: string | null) => formatDate(iso, lang),
    bp: (bp: number) => formatBp(bp, lang),
  };
}

export const num = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };

/** An invoice in a modal; "Print / PDF" prints only the document (see print.css). `savePdf`: offer "Save PDF" (staff). */
export function InvoiceView({ invoice, onClose, savePdf = true }: { invoice: InvoiceRow; onClose: () => void; savePdf?: boolean }) {
  return (
    <Modal opened onClose={onClose} size="xl" title={t('Invoice {{number}}', { number: invoice.number })}>
      <Printable lang={invoice.customerLanguage}>
        <InvoiceDocument invoice={invoice} />
      </Printable>
      <DocumentButtons onClose={onClose} pdf={savePdf ? { kind: 'invoice', number: invoice.number } : undefined} />
    </Modal>
  );
}

/** An invoice as a document: lines, net, VAT, totals. */
export function InvoiceDocument({ invoice }: { invoice: InvoiceRow }) {
  const { lang, d, money, date, bp } = documentFormat(invoice.customerLanguage);
  return (
        <Stack gap="xs" lang={lang}>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3}>
                {tk(KIND_TITLE[invoice.kind] ?? 'Invoice', undefined, lang)} {invoice.number}
              </Title>
              <Text size="sm">
                {invoice.customerName} (#{invoice.customerId})
              </Text>
            </div>
            <Stack gap={0} align="flex-end">
              <Text size="sm">{d('Date: {{date}}', { date: date(invoice.date) })}</Text>
              <Text size="sm">{d('Due date: {{date}}', { date: date(invoice.dueDate) })}</Text>
              <InvoiceStatusBadge status={invoice.status} language={lang} />
            </Stack>
          </Group>
          <Table withTableBorder striped fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{d('Description')}</Table.Th>
                <Table.Th style={num}>{d('Qty')}</Table.Th>
                <Table.Th style={num}>{d('Net')}</Table.Th>
                <Table.Th style={num}>{d('VAT')}</Table.Th>
                <Table.Th style={num}>{d('VAT amount')}</Table.Th>
                <Table.Th style={num}>{d('Total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoice.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    {l.description}
                    {l.days !== null && l.divisor !== null && (
                      <Text size="xs" c="dimmed">
                        {d('{{days}} of {{divisor}} days', { days: l.days, divisor: l.divisor })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={num}>{l.quantity}</Table.Td>
                  <Table.Td style={num}>{money(l.net)}</Table.Td>
                  <Table.Td style={num}>{bp(l.vatRateBp)}</Table.Td>
                  <Table.Td style={num}>{money(l.vat)}</Table.Td>
                  <Table.Td style={num}>{money(l.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Table w={280} fz="sm" verticalSpacing={2}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>{d('Total without VAT')}</Table.Td>
                  <Table.Td style={num}>{money(invoice.net)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{d('VAT')}</Table.Td>
                  <Table.Td style={num}>{money(invoice.vat)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td fw={700}>{d('Total')}</Table.Td>
                  <Table.Td style={num} fw={700} data-testid="invoice-total">
                    {money(invoice.total, true)}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{d('Paid')}</Table.Td>
                  <Table.Td style={num}>{money(invoice.paid)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{d('Due')}</Table.Td>
                  <Table.Td style={num}>{money(invoice.total - invoice.paid)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Group>
        </Stack>
  );
}

export function CreditNoteView({ note, onClose, savePdf = true }: { note: CreditNoteRow; onClose: () => void; savePdf?: boolean }) {
  return (
    <Modal opened onClose={onClose} size="lg" title={t('Credit note {{number}}', { number: note.number })}>
      <Printable lang={note.customerLanguage}>
        <CreditNoteDocument note={note} />
      </Printable>
      <DocumentButtons onClose={onClose} pdf={savePdf ? { kind: 'creditNote', number: note.number } : undefined} />
    </Modal>
  );
}

/** A credit note as a document: its lines and total. */
export function CreditNoteDocument({ note }: { note: CreditNoteRow }) {
  const { lang, d, money, date } = documentFormat(note.customerLanguage);
  return (
        <Stack gap="xs" lang={lang}>
          <Group justify="space-between">
            <div>
              <Title order={3}>{d('Credit note {{number}}', { number: note.number })}</Title>
              <Text size="sm">
                {note.customerName} (#{note.customerId})
              </Text>
            </div>
            <Text size="sm">{d('Date: {{date}}', { date: date(note.date) })}</Text>
          </Group>
          {note.reason && <Text size="sm">{note.reason}</Text>}
          <Table withTableBorder fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{d('Description')}</Table.Th>
                <Table.Th style={num}>{d('Amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {note.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    {l.description}
                    {l.days !== null && l.divisor !== null && (
                      <Text size="xs" c="dimmed">
                        {date(l.from)} – {date(l.to)}: {d('{{days}} of {{divisor}} days', { days: l.days, divisor: l.divisor })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={num}>{money(l.amount)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td fw={700}>{d('Total')}</Table.Td>
                <Table.Td style={num} fw={700}>
                  {money(note.total, true)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
  );
}
