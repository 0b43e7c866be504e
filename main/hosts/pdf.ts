import { accessSync, constants, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Clock } from '../app/context';
import { PRINT_FOR_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, printHash, type PrintTarget } from '../contract/documents';
import { startWebHarness, type WebHarness } from './web';

// PDF files outside the app (`npm run cli -- pdf …`): the web harness's server in this process on a random loopback
// port, the built renderer's document-only route (#/print/…, the same React views as on screen), printed by Debian's
// Chromium through playwright-core (page.pdf). The app does the same with Electron's printToPDF (main/shell/pdf.ts).

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');
/** The built renderer: ISP_RENDERER_DIR (a test's own build), else out/renderer of `npm run build`. */
export const rendererDir = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.ISP_RENDERER_DIR || RENDERER_DIR);

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium (as the Playwright tests). */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A refusal to print in words: what is missing and what to do (the CLI prints the message and exits 1). */
export class PdfSetupError extends Error {}

export interface PdfPrinter {
  harness: WebHarness;
  /** the document as PDF bytes; throws the print route's message when it cannot show the document */
  print(target: PrintTarget): Promise<Buffer>;
  close(): Promise<void>;
}

/** Checks what printing needs before anything starts, so each missing piece is named with its fix. */
export function checkPdfSetup(env: NodeJS.ProcessEnv = process.env): void {
  const dir = rendererDir(env);
  if (!existsSync(resolve(dir, 'index.html')))
    throw new PdfSetupError(`The renderer is not built (${dir}/index.html is missing): run \`npm run build\` first — PDF files are printed from the built views.`);
  const chromium = chromiumPath(env);
  try {
    accessSync(chromium, constants.X_OK);
  } catch {
    throw new PdfSetupError(
      `Chromium is missing (${chromium}${env.CHROMIUM_PATH ? ', from CHROMIUM_PATH' : ''}): install it with \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
}

export async function startPdfPrinter(opts: { dbFile: string; clock?: Clock; env?: NodeJS.ProcessEnv }): Promise<PdfPrinter> {
  const env = opts.env ?? process.env;
  checkPdfSetup(env);
  // Staff without sign-in, as every CLI command (the file is in hand); no scheduler, no accounting import, no
  // Disconnect-Requests: printing only reads.
  const harness = await startWebHarness({ dbFile: opts.dbFile, port: 0, clock: opts.clock, outbox: false, staticDir: rendererDir(env) });
  // Chromium starts at the first document (a command refused for an unknown number never waits for it).
  let browser: Promise<Browser> | undefined;
  let page: Promise<Page> | undefined;
  const launch = async (): Promise<Browser> => {
    const { chromium } = await import('playwright-core');
    try {
      return await chromium.launch({
        executablePath: chromiumPath(env),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    } catch (err) {
      throw new PdfSetupError(`Chromium did not start (${chromiumPath(env)}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  };
  return {
    harness,
    async print(target) {
      // One page for every document: after the first, moving to the next is a hash change (the renderer is loaded
      // and parsed once), and the page says which hash its state is for.
      browser ??= launch();
      page ??= (await browser).newPage();
      const p = await page;
      const hash = printHash(target);
      await p.goto(`${harness.url}${hash}`);
      await p.waitForFunction(
        ([forAttr, stateAttr, h]) => document.body.getAttribute(forAttr) === h && document.body.hasAttribute(stateAttr),
        [PRINT_FOR_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, hash] as const,
        { timeout: 60_000 },
      );
      if ((await p.locator('body').getAttribute(PRINT_STATE_ATTRIBUTE)) !== 'ready') throw new Error((await p.locator('body').innerText()).trim());
      // A4 with the margins of print.css (@page), backgrounds kept: the same settings as the app's printToPDF.
      return await p.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    },
    async close() {
      try {
        await (await browser?.catch(() => undefined))?.close();
      } finally {
        await harness.close();
      }
    },
  };
}
