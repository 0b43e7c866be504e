import { Button, Divider, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import type { CreditNoteRow, InvoiceRow } from '../../../main/contract/billing';
import { formatBp, formatMoney } from '../format';
import { InvoiceStatusBadge } from './common';
import { createPortal } from 'react-dom';
import type { ReactNode } from 'react';
import './print.css';

/** The document shown in the modal, plus a copy at the top of <body> that only the print stylesheet shows. */
function Printable({ children }: { children: ReactNode }) {
  return (
    <>
      <div data-testid="document-view">{children}</div>
      {createPortal(<div className="print-root">{children}</div>, document.body)}
    </>
  );
}

/** Close, and print the document alone (print.css shows only the Printable copy). */
function DocumentButtons({ onClose }: { onClose: () => void }) {
  return (
    <>
      <Divider my="xs" />
      <Group justify="flex-end">
        <Button size="xs" variant="default" onClick={onClose}>
          Close
        </Button>
        <Button size="xs" leftSection={<IconPrinter size={14} />} onClick={() => window.print()}>
          Print / PDF
        </Button>
      </Group>
    </>
  );
}

const KIND_TITLE: Record<string, string> = { recurring: 'Invoice', oneTime: 'Invoice', changePlan: 'Invoice', cancellation: 'Invoice (cancellation)' };

const num = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };

/** An invoice as a document: lines, net, VAT, totals; "Print / PDF" prints only this (see print.css). */
export function InvoiceView({ invoice, onClose }: { invoice: InvoiceRow; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} size="xl" title={`Invoice ${invoice.number}`}>
      <Printable>
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
      </Printable>
      <DocumentButtons onClose={onClose} />
    </Modal>
  );
}

export function CreditNoteView({ note, onClose }: { note: CreditNoteRow; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} size="lg" title={`Credit note ${note.number}`}>
      <Printable>
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
      </Printable>
      <DocumentButtons onClose={onClose} />
    </Modal>
  );
}
