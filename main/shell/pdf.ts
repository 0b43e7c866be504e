import { writeFileSync } from 'node:fs';
import { dialog, type BrowserWindow } from 'electron';
import { PRINT_STATE_ATTRIBUTE, pdfFileName, type PrintTarget } from '../contract/documents';

// "Save PDF" in the app: the document-only route (#/print/…, the same React view as on screen) loaded in a hidden
// window of our own (same web preferences, CSP and preload as every window; main/index.ts creates it), printed with
// Electron's printToPDF and saved where staff choose. The CLI does the same in Chromium (main/hosts/pdf.ts).

const READY_TIMEOUT_MS = 30_000;

/** Waits until the print route says the document is on screen; throws its message when it cannot be. */
async function documentShown(win: BrowserWindow): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (win.isDestroyed()) throw new Error('The print window closed before the document was ready');
    const state = (await win.webContents.executeJavaScript(
      `[document.body.getAttribute(${JSON.stringify(PRINT_STATE_ATTRIBUTE)}), document.body.innerText.slice(0, 300)]`,
    )) as [string | null, string];
    if (state[0] === 'ready') return;
    if (state[0] === 'error') throw new Error(state[1].trim() || 'The document could not be shown');
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error('The document took too long to show');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Prints the hidden window's document and asks where to save it; `file` null when the dialog was cancelled. */
export async function savePdfFrom(win: BrowserWindow, parent: BrowserWindow | undefined, target: PrintTarget): Promise<{ file: string | null }> {
  await documentShown(win);
  // A4 with the margins of print.css (@page), backgrounds kept (table stripes), as Chromium's page.pdf() in the CLI.
  const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  const options = { defaultPath: pdfFileName(target), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { file: null };
  writeFileSync(choice.filePath, pdf);
  return { file: choice.filePath };
}
