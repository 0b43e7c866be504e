import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../db/open';
import { fixedClock, type AppContext } from '../main/app/context';
import { startWebHarness } from '../main/hosts/web';
import { call, type Bench, type Section } from './bench';
import { figure, measure } from './figures';

// Start-up to interactive, on the generated file: the web harness opens the database and serves the built renderer
// (npm run build) to Debian's Chromium (as the Playwright tests run it), until the customer list shows its first
// customer. The browser is started beforehand (Electron's own start is not the app's); the baseline is opening the
// database and running the first list query directly.

const RENDERER = resolve(dirname(fileURLToPath(import.meta.url)), '../out/renderer/index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Opening the database and the customer list's first page, as the app's first screen asks for it. */
function openAndList(file: string, today: string): string {
  const db = openDatabase(file);
  try {
    const ctx: AppContext = { db, clock: fixedClock(today), actor: { kind: 'staff', name: 'bench' } };
    return call(ctx, 'customers.list', {}).rows[0]?.name ?? '';
  } finally {
    db.close();
  }
}

interface Start {
  /** from opening the database to the customer list shown */
  total: number;
  /** the harness up and the renderer booted (the same for any database): until the browser asks for the list */
  boot: number;
  /** what the database adds: harness start (opening the file) + from the list request to the list shown */
  data: number;
  /** the calls the renderer made until then, each with its time from request to response (where the time goes) */
  calls: string;
}

async function toInteractive(b: Bench, browser: Browser, firstName: string): Promise<Start> {
  const t0 = performance.now();
  const harness = await startWebHarness({ dbFile: b.file, port: 0, clock: fixedClock(b.today), actor: { kind: 'staff', name: 'bench' } });
  const opened = performance.now();
  const page = await browser.newPage();
  let asked = 0;
  const sent = new Map<unknown, { channel: string; at: number }>();
  const calls: string[] = [];
  page.on('request', (r) => {
    const channel = /\/rpc\/([\w.]+)/.exec(r.url())?.[1];
    if (!channel) return;
    sent.set(r, { channel, at: performance.now() });
    if (!asked && channel === 'customers.list') asked = performance.now();
  });
  page.on('requestfinished', (r) => {
    const s = sent.get(r);
    if (s) calls.push(`${s.channel} ${Math.round(performance.now() - s.at)} ms`);
  });
  try {
    const served = performance.now();
    await page.goto(harness.url);
    await page.getByRole('table').getByText(firstName, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const shown = performance.now();
    return { total: shown - t0, boot: asked - served, data: opened - t0 + (shown - asked), calls: calls.join(', ') };
  } finally {
    await page.close();
    await harness.close();
  }
}

export const startup: Section = {
  name: 'startup',
  skip: () => (!existsSync(RENDERER) ? 'no built renderer: npm run build' : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : null),
  async run(b) {
    // Both are timed on wall clock (the browser works in other processes); the shorter of three runs each.
    const runs = b.reps(3, 2);
    const base: number[] = [];
    let firstName = '';
    for (let i = 0; i < runs; i++) {
      const m = measure(() => openAndList(b.file, b.today));
      firstName = m.value;
      base.push(m.ms);
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const starts: Start[] = [];
    try {
      await toInteractive(b, browser, firstName); // the renderer's files in the OS cache, as on a second start
      for (let i = 0; i < runs; i++) starts.push(await toInteractive(b, browser, firstName));
    } finally {
      await browser.close();
    }
    const baseline = Math.min(...base);
    const start = starts.reduce((a, c) => (c.total < a.total ? c : a));
    b.add(figure('open the database + first customer list query (baseline)', baseline, 'ms', null, `shortest of ${runs}`));
    b.add(figure('start-up to interactive (harness + Chromium, customer list shown)', start.total, 'ms', null, `shortest of ${runs}; the browser already running; renderer boot ${Math.round(start.boot)} ms (until it asks for the list: the same for any database)`));
    b.add(figure('start-up to interactive ÷ open + first list query', start.total / baseline, '×', null, 'wall time; the browser works in other processes'));
    b.add(figure('start-up without the renderer boot ÷ open + first list query', start.data / baseline, '×', 2, `wall time: harness start + list request to list shown = ${Math.round(start.data)} ms ÷ ${Math.round(baseline)} ms; calls: ${start.calls}`));
  },
};
