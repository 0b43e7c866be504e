import { describe, expect, it } from 'vitest';
import { pdfFileName, printHash, printTargetOf, type PrintTarget } from '../../main/contract/documents';
import { parseHash } from '../../renderer/src/router';

// The document-only route is named in one place for the renderer, the app's "Save PDF" and the CLI: what printHash
// writes, printTargetOf reads back (through the renderer's own hash parser); file names are safe on every OS.

const back = (t: PrintTarget) => {
  const route = parseHash(printHash(t));
  expect(route.segments[0]).toBe('print');
  return printTargetOf(route.segments.slice(1), route.query);
};

describe('print route', () => {
  it.each<PrintTarget>([
    { kind: 'invoice', number: '2024010000012' },
    { kind: 'invoice', number: 'INV/2024 #7?x=1' },
    { kind: 'creditNote', number: 'CN-2024-0003' },
    { kind: 'statement', customerId: 42, from: '2024-01-01', to: '2024-03-31' },
  ])('%o survives the hash', (t) => expect(back(t)).toEqual(t));

  it('names no document for anything else', () => {
    const of = (hash: string) => {
      const r = parseHash(hash);
      return printTargetOf(r.segments.slice(1), r.query);
    };
    expect(of('#/print/receipt/1')).toBeNull();
    expect(of('#/print/invoice')).toBeNull();
    expect(of('#/print/statement/x?from=2024-01-01&to=2024-01-31')).toBeNull();
    expect(of('#/print/statement/3?from=2024-02-30&to=2024-03-01')).toBeNull();
  });

  it('file names: the number, with what a file system may refuse replaced', () => {
    expect(pdfFileName({ kind: 'invoice', number: '2024010000012' })).toBe('2024010000012.pdf');
    expect(pdfFileName({ kind: 'invoice', number: '../INV/2024:7' })).toBe('__INV_2024_7.pdf');
    expect(pdfFileName({ kind: 'creditNote', number: 'CN 1' })).toBe('credit-note-CN_1.pdf');
    expect(pdfFileName({ kind: 'statement', customerId: 5, from: '2024-01-01', to: '2024-01-31' })).toBe('statement-5-2024-01-01-2024-01-31.pdf');
  });
});
