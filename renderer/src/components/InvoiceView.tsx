import { Button, Divider, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import type { CreditNoteRow, InvoiceRow } from '../../../main/contract/billing';
import type { PrintTarget } from '../../../main/contract/documents';
import { formatBp, formatMoney } from '../format';
import { api } from '../transport';
import { InvoiceStatusBadge } from './common';
import { createPortal } from 'react-dom';
import { useState, type ReactNode } from 'react';
import './print.css';

// The documents (invoice, credit note; the statement is in StatementView.tsx) are plain components, so the same view
// is shown in a modal, printed from it, and rendered alone by the print route (renderer/src/print/) for PDF files.

/** The document shown in the modal, plus a copy at the top of <body> that only the print stylesheet shows. */
export function Printable({ children }: { children: ReactNode }) {
  return (
    <>
      <div data-testid="document-view">{children}</div>
      {createPortal(<div className="print-root">{children}</div>, document.body)}
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
    if (!res.ok) notifications.show({ color: 'red', title: 'PDF not saved', message: res.error.message });
    else if (res.data.file) notifications.show({ color: 'green', title: 'PDF saved', message: res.data.file });
  };
  return (
    <>
      <Divider my="xs" />
      <Group justify="flex-end">
        <Button size="xs" variant="default" onClick={onClose}>
          Close
        </Button>
        {pdf && savePdf && (
          <Button size="xs" variant="default" leftSection={<IconFileTypePdf size={14} />} loading={saving} onClick={() => void save(pdf)}>
            Save PDF
          </Button>
        )}
        <Button size="xs" leftSection={<IconPrinter size={14} />} disabled={!canPrint} onClick={() => window.print()}>
          Print / PDF
        </Button>
      </Group>
    </>
  );
}

const KIND_TITLE: Record<string, string> = { recurring: 'Invoice', oneTime: 'Invoice', changePlan: 'Invoice', cancellation: 'Invoice (cancellation)' };

export const num = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };

/** An invoice in a modal; "Print / PDF" prints only the document (see print.css). `savePdf`: offer "Save PDF" (staff). */
export function InvoiceView({ invoice, onClose, savePdf = true }: { invoice: InvoiceRow; onClose: () => void; savePdf?: boolean }) {
  return (
    <Modal opened onClose={onClose} size="xl" title={`Invoice ${invoice.number}`}>
      <Printable>
        <InvoiceDocument invoice={invoice} />
      </Printable>
      <DocumentButtons onClose={onClose} pdf={savePdf ? { kind: 'invoice', number: invoice.number } : undefined} />
    </Modal>
  );
}

/** An invoice as a document: lines, net, VAT, totals. */
export function InvoiceDocument({ invoice }: { invoice: InvoiceRow }) {
  return (
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3}>
                {KIND_TITLE[invoice.kind] ?? 'Invoice'} {invoice.number}
              </Title>
              <Text size="sm">
                {invoice.customerName} (#{invoice.customerId})
              </Text>
            </div>
            <Stack gap={0} align="flex-end">
              <Text size="sm">Date: {invoice.date}</Text>
              <Text size="sm">Due date: {invoice.dueDate}</Text>
              <InvoiceStatusBadge status={invoice.status} />
            </Stack>
          </Group>
          <Table withTableBorder striped fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th style={num}>Qty</Table.Th>
                <Table.Th style={num}>Net</Table.Th>
                <Table.Th style={num}>VAT</Table.Th>
                <Table.Th style={num}>VAT amount</Table.Th>
                <Table.Th style={num}>Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoice.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    {l.description}
                    {l.days !== null && l.divisor !== null && (
                      <Text size="xs" c="dimmed">
                        {l.days} of {l.divisor} days
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={num}>{l.quantity}</Table.Td>
                  <Table.Td style={num}>{formatMoney(l.net)}</Table.Td>
                  <Table.Td style={num}>{formatBp(l.vatRateBp)}</Table.Td>
                  <Table.Td style={num}>{formatMoney(l.vat)}</Table.Td>
                  <Table.Td style={num}>{formatMoney(l.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Table w={280} fz="sm" verticalSpacing={2}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>Total without VAT</Table.Td>
                  <Table.Td style={num}>{formatMoney(invoice.net)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>VAT</Table.Td>
                  <Table.Td style={num}>{formatMoney(invoice.vat)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td fw={700}>Total</Table.Td>
                  <Table.Td style={num} fw={700} data-testid="invoice-total">
                    {formatMoney(invoice.total, { currency: true })}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>Paid</Table.Td>
                  <Table.Td style={num}>{formatMoney(invoice.paid)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>Due</Table.Td>
                  <Table.Td style={num}>{formatMoney(invoice.total - invoice.paid)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Group>
        </Stack>
  );
}

export function CreditNoteView({ note, onClose, savePdf = true }: { note: CreditNoteRow; onClose: () => void; savePdf?: boolean }) {
  return (
    <Modal opened onClose={onClose} size="lg" title={`Credit note ${note.number}`}>
      <Printable>
        <CreditNoteDocument note={note} />
      </Printable>
      <DocumentButtons onClose={onClose} pdf={savePdf ? { kind: 'creditNote', number: note.number } : undefined} />
    </Modal>
  );
}

/** A credit note as a document: its lines and total. */
export function CreditNoteDocument({ note }: { note: CreditNoteRow }) {
  return (
        <Stack gap="xs">
          <Group justify="space-between">
            <div>
              <Title order={3}>Credit note {note.number}</Title>
              <Text size="sm">
                {note.customerName} (#{note.customerId})
              </Text>
            </div>
            <Text size="sm">Date: {note.date}</Text>
          </Group>
          {note.reason && <Text size="sm">{note.reason}</Text>}
          <Table withTableBorder fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th style={num}>Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {note.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    {l.description}
                    {l.days !== null && l.divisor !== null && (
                      <Text size="xs" c="dimmed">
                        {l.from} – {l.to}: {l.days} of {l.divisor} days
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={num}>{formatMoney(l.amount)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td fw={700}>Total</Table.Td>
                <Table.Td style={num} fw={700}>
                  {formatMoney(note.total, { currency: true })}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
  );
}
