import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../db/open';
import { fixedClock, type AppContext } from '../main/app/context';
import type { CallRequest } from '../main/backend/types';
import { generateIsp } from '../main/demo/generate';
import { startWebHarness } from '../main/hosts/web';
import { call, type Bench, type Preparation, type Section } from './bench';
import { figure, measure } from './figures';

// Start-up to interactive, on the generated file: the web harness opens the database and serves the built renderer
// (npm run build) to Debian's Chromium (as the Playwright tests run it), until the customer list shows its first
// customer. The browser is started beforehand (Electron's own start is not the app's); the baseline is opening the
// database and running the first list query directly.
//
// Where the time goes is read on the page's own clock (Resource Timing of each /rpc call; the moment the first
// customer's row is in the table, at the next frame): Playwright's request events reach this process late (it is
// also the server's thread), so they would move time between the parts. The budgeted part is what the database
// costs the start: the harness's back end opening the file plus its time answering every call the renderer made
// until the list showed — replayed after the browser runs, on a freshly started harness, so that Chromium drawing
// the page beside it does not count as the back end's time (the baseline is measured the same quiet way). The rest
// (the renderer's boot until its first call, round trips, React drawing the shell and the table) is the same for
// any database and reported beside it.

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
  /** from starting the harness to the customer list shown */
  total: number;
  /** the harness: the back end opening the file / the HTTP server listening */
  backendOpen: number;
  server: number;
  /** page load until the renderer's first call (its bundle: the same for any database) */
  boot: number;
  /** the renderer's first call until it asks for the list (the calls the list waits for) */
  toList: number;
  /** the list asked until answered, then until shown (React drawing the table) */
  listAnswer: number;
  render: number;
  /** the calls the back end answered until the list showed, in order */
  calls: CallRequest[];
}

/** The back end's work of a start, replayed: the harness opening the file, then the renderer's calls answered. */
async function replay(b: Bench, calls: readonly CallRequest[]): Promise<{ open: number; calls: number; each: string }> {
  const harness = await startWebHarness({ dbFile: b.file, port: 0, clock: fixedClock(b.today), actor: { kind: 'staff', name: 'bench' } });
  try {
    const each: string[] = [];
    let sum = 0;
    for (const req of calls) {
      const t = performance.now();
      await harness.backend.call(req); // inline: the dispatch runs synchronously inside (a refusal, e.g. the browser's host.seat.status, answers as it did)
      const ms = performance.now() - t;
      sum += ms;
      each.push(`${req.channel} ${ms.toFixed(1)}`);
    }
    return { open: harness.started.backendMs, calls: sum, each: each.join(', ') };
  } finally {
    await harness.close();
  }
}

/**
 * In the page, before its scripts: notes (page clock) the frame after the first customer's name is in the table.
 * A string, not a function: the TypeScript loader wraps named functions in a helper the page does not have.
 */
const watchForList = (name: string): string => `(() => {
  const name = ${JSON.stringify(name)};
  const observer = new MutationObserver(() => {
    if (window.__listShown !== undefined || !document.querySelector('table tbody')?.textContent?.includes(name)) return;
    observer.disconnect();
    requestAnimationFrame(() => (window.__listShown = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/** Epoch milliseconds now, on this process's clock (the page's are converted to the same). */
const epochNow = () => performance.timeOrigin + performance.now();

async function toInteractive(file: string, today: string, browser: Browser, firstName: string): Promise<Start> {
  const t0 = epochNow();
  const harness = await startWebHarness({ dbFile: file, port: 0, clock: fixedClock(today), actor: { kind: 'staff', name: 'bench' } });
  const opened = epochNow();
  // Which calls the back end answered, and when (to keep those answered before the list showed).
  const answered: { req: CallRequest; at: number }[] = [];
  const { backend } = harness;
  const backendCall = backend.call.bind(backend);
  backend.call = async (req: CallRequest) => {
    const res = await backendCall(req);
    answered.push({ req, at: epochNow() });
    return res;
  };
  const page = await browser.newPage();
  try {
    await page.addInitScript(watchForList(firstName));
    const served = epochNow();
    await page.goto(harness.url);
    await page.getByRole('table').getByText(firstName, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __listShown?: number }).__listShown !== undefined);
    const p = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      shown: (window as unknown as { __listShown: number }).__listShown,
      rpc: performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/rpc/'))
        .map((e) => ({ channel: /\/rpc\/([\w.]+)/.exec(e.name)?.[1] ?? '', start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
    }));
    const list = p.rpc.find((r) => r.channel === 'customers.list');
    if (!list || p.rpc.length === 0) throw new Error('the page made no customers.list call');
    const firstCall = Math.min(...p.rpc.map((r) => r.start));
    const shownAt = p.origin + p.shown;
    const before = answered.filter((c) => c.at <= shownAt);
    return {
      total: opened - t0 + (shownAt - served), // not the bench's own newPage()
      backendOpen: harness.started.backendMs,
      server: harness.started.serverMs,
      boot: p.origin + firstCall - served,
      toList: list.start - firstCall,
      listAnswer: list.end - list.start,
      render: p.shown - list.end,
      calls: before.map((c) => c.req),
    };
  } finally {
    await page.close();
    await harness.close();
  }
}

const ms = (x: number) => `${Math.round(x)} ms`;
const signedMs = (x: number) => `${Math.round(x) > 0 ? '+' : Math.round(x) < 0 ? '−' : ''}${ms(Math.abs(x))}`;

const BROWSER = 'startup.browser';

/** Customers of the small ISP the start is compared with: the list's first page full, so both draw the same rows. */
const SMALL_ISP = 100;

/** The browser, and a small ISP (the warm-up's, then the comparison's: the same start with little data). */
interface Started {
  browser: Browser;
  small: { file: string; name: string };
}

/**
 * The browser started, and one start-up to interactive not counted (the renderer's files in the OS cache, the browser's
 * processes up, as on a second start), on a small generated ISP of its own: set-up, beside the generation.
 */
async function startBrowser(p: Preparation): Promise<Started> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  p.atEnd(() => browser.close());
  const file = join(p.dir, 'startup-small.sqlite');
  const db = openDatabase(file);
  try {
    generateIsp(db, { customers: SMALL_ISP, seed: p.seed, today: p.today, billingDay: 1 });
  } finally {
    db.close();
  }
  const name = openAndList(file, p.today);
  await toInteractive(file, p.today, browser, name);
  return { browser, small: { file, name } };
}

export const startup: Section = {
  name: 'startup',
  skip: () => (!existsSync(RENDERER) ? 'no built renderer: npm run build' : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : null),
  async prepare(p) {
    p.state.set(BROWSER, await startBrowser(p));
  },
  async run(b) {
    // Wall clock (the browser works in other processes): the shortest of five starts (two with --quick: an information
    // figure, ≈ 1 s a start; the budgeted one below takes only the calls a start made), each followed by the same start
    // on the small ISP, so that both see the same moment of the machine; the baseline and the replayed
    // back-end work, a few milliseconds each, the least of fifteen (nine), taken turn about.
    const runs = b.reps(5, 2);
    const quiet = b.reps(15, 9);
    const firstName = openAndList(b.file, b.today);
    const { browser, small } = (b.state.get(BROWSER) as Started | undefined) ?? (await startBrowser(b)); // started by prepare, with its start not counted
    const starts: Start[] = [];
    const smallStarts: Start[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        starts.push(await toInteractive(b.file, b.today, browser, firstName));
        smallStarts.push(await toInteractive(small.file, b.today, browser, small.name));
      }
    } finally {
      await browser.close(); // before the quiet part below (closing again at the end does nothing)
    }
    const shortest = (list: readonly Start[]) => list.reduce((a, c) => (c.total < a.total ? c : a));
    const fastest = shortest(starts);
    const fastestSmall = shortest(smallStarts);
    // The baseline and the replay taken turn about, after the browser has gone: both see the same moment of the machine
    // (taken minutes apart, before and after Chromium, the least of each moved 5.7–9.1 ms from run to run).
    const base: number[] = [];
    const works: Awaited<ReturnType<typeof replay>>[] = [];
    for (let i = 0; i < quiet; i++) {
      base.push(measure(() => openAndList(b.file, b.today)).ms);
      works.push(await replay(b, fastest.calls));
    }
    const baseline = Math.min(...base);
    const work = works.reduce((a, c) => (c.open + c.calls < a.open + a.calls ? c : a));
    b.add(figure('open the database + first customer list query (baseline)', baseline, 'ms', null, `shortest of ${quiet}`));
    b.add(
      figure(
        'start-up to interactive (harness + Chromium, customer list shown)',
        fastest.total,
        'ms',
        null,
        `shortest of ${runs}; the browser already running; harness ${ms(fastest.backendOpen + fastest.server)} (back end ${ms(fastest.backendOpen)}), renderer boot to its first call ${ms(fastest.boot)} (the same for any database), first call to list asked ${ms(fastest.toList)}, list answered in ${ms(fastest.listAnswer)}, drawn ${ms(fastest.render)} later`,
      ),
    );
    // The whole start-up as issue 21 item 4 names it cannot be ≤ 2 × a few milliseconds in any browser; what the file's
    // size adds to it can be told from the same start on a small ISP, the same rows drawn (information: a start swings
    // by tens of milliseconds from one to the next, more than that allowance).
    b.add(
      figure(
        `start-up to interactive, ${b.n} customers ÷ ${SMALL_ISP} customers (whole start, browser included)`,
        fastest.total / fastestSmall.total,
        '×',
        null,
        `${ms(fastest.total)} ÷ ${ms(fastestSmall.total)}, the shortest of ${runs} each, taken turn about: a difference of ${signedMs(fastest.total - fastestSmall.total)} (2 × open + first list: ${ms(2 * baseline)})`,
      ),
    );
    b.add(
      figure(
        'start-up without the renderer boot (wall: harness + first call to list shown) ÷ open + first list query',
        (fastest.backendOpen + fastest.server + fastest.toList + fastest.listAnswer + fastest.render) / baseline,
        '×',
        null,
        'wall time; most of it is Chromium drawing the shell and the table, the same for any database',
      ),
    );
    b.add(
      figure(
        'back end work of the start-up (opening + calls until the list shows) ÷ open + first list query',
        (work.open + work.calls) / baseline,
        '×',
        2,
        `what the database costs the start, replayed without the browser (least of ${quiet}): the harness's back end opening the file ${work.open.toFixed(1)} ms + answering the ${fastest.calls.length} calls made until the list showed ${work.calls.toFixed(1)} ms (${work.each}) ÷ ${baseline.toFixed(1)} ms`,
      ),
    );
  },
};
