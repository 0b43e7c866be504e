import { Alert, Box } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { PRINT_FOR_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, printTargetOf, type PrintTarget } from '../../../main/contract/documents';
import { CreditNoteDocument, InvoiceDocument } from '../components/InvoiceView';
import { StatementDocument } from '../components/StatementView';
import { setDisplaySettings } from '../format';
import type { Route } from '../router';
import { api } from '../transport';
import '../components/print.css';
import { t } from '../i18n';

// `#/print/invoice/<number>`, `#/print/credit-note/<number>`, `#/print/statement/<customer>?from=…&to=…`: one document
// alone, in the same view as on screen, for PDF files (the app's hidden window, the CLI's Chromium). When it is on
// screen — or cannot be — <body> says so in PRINT_STATE_ATTRIBUTE, which is what the printers wait for.

async function load(target: PrintTarget): Promise<ReactNode> {
  // Money is formatted with the ISP's display settings, as on screen.
  const settings = await api.call('settings.get', { partnerId: 1 });
  if (settings.ok) setDisplaySettings(settings.data.values);
  if (target.kind === 'invoice') return <InvoiceDocument invoice={await api.query('documents.invoice', { number: target.number })} />;
  if (target.kind === 'creditNote') return <CreditNoteDocument note={await api.query('documents.creditNote', { number: target.number })} />;
  const { customerId, from, to } = target;
  return <StatementDocument statement={await api.query('documents.statement', { customerId, from, to })} />;
}

export function PrintPage({ route }: { route: Route }) {
  const target = printTargetOf(route.segments.slice(1), route.query);
  const [doc, setDoc] = useState<{ node: ReactNode } | { error: string } | null>(null);
  const key = JSON.stringify(target);

  useEffect(() => {
    // print.css hides everything but the printed copy of a modal's document; here the page IS the document.
    document.body.classList.add('document-only');
    return () => document.body.classList.remove('document-only');
  }, []);

  useEffect(() => {
    let alive = true;
    setDoc(null);
    if (!target) setDoc({ error: 'No such document: the address names no invoice, credit note or statement.' });
    else
      load(target).then(
        (node) => alive && setDoc({ node }),
        (err: unknown) => alive && setDoc({ error: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    if (doc) {
      document.body.setAttribute(PRINT_STATE_ATTRIBUTE, 'node' in doc ? 'ready' : 'error');
      document.body.setAttribute(PRINT_FOR_ATTRIBUTE, window.location.hash);
    } else {
      document.body.removeAttribute(PRINT_STATE_ATTRIBUTE);
      document.body.removeAttribute(PRINT_FOR_ATTRIBUTE);
    }
  }, [doc]);

  if (!doc) return null;
  if ('error' in doc)
    return (
      <Alert color="red" m="md" title={t('Cannot show the document')}>
        {doc.error}
      </Alert>
    );
  return (
    <Box p="md" maw={900} mx="auto" data-testid="print-document">
      {doc.node}
    </Box>
  );
}
