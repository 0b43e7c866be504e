import { readFileSync } from 'node:fs';
import { createLocalBackend, type LocalBackend } from '../main/backend/local';

// The back end of bench/concurrency.ts, in a process of its own (spawned by that section): the back end as the app
// runs it — main/backend/local.ts in worker mode, the writer and reader threads in this process — so the maximum RSS
// this process reports is the back end's own at this size, not the benchmark's (which holds its own connection, its
// arrays and tsx's source). Input: a JSON file { file, today, typed }, named as its argument or, when started ahead of
// time with an IPC channel (its code loaded beside the generation), sent as a message; output: one JSON line on stdout.

interface Input {
  file: string;
  today: string;
  typed: string[];
}

async function searchOnce(backend: LocalBackend, search: string): Promise<number> {
  const t0 = performance.now();
  const r = await backend.call({ channel: 'customers.list', input: { search, page: 1, pageSize: 50 }, source: 'bench' });
  if (!r.ok) throw new Error(`customers.list: ${r.error.code} ${r.error.message}`);
  return performance.now() - t0;
}

const inputFile =
  process.argv[2] ??
  (await new Promise<string>((got) => {
    process.send?.('ready');
    process.once('message', (m) => got(String(m)));
  }));
process.disconnect?.();
const input = JSON.parse(readFileSync(inputFile, 'utf8')) as Input;
const backend = await createLocalBackend({ dbFile: input.file, mode: 'worker', businessDate: input.today, staffAuth: false, implicitStaff: { kind: 'staff', name: 'bench' } });
try {
  const { typed } = input;
  for (const t of typed.slice(0, 5)) await searchOnce(backend, t); // warm the reader's statement cache
  const idle: number[] = [];
  for (const t of typed) idle.push(await searchOnce(backend, t));
  let progressEvents = 0;
  const off = backend.subscribe((e) => void (e.kind === 'progress' && progressEvents++));
  let done = false;
  const billing = backend.call({ channel: 'days.runUntil', input: { until: input.today }, source: 'bench' }).finally(() => (done = true));
  const busy: number[] = [];
  // search as you type over and over until the billing day has answered; a search that ends after it is not counted
  for (let i = 0; !done; i++) {
    const ms = await searchOnce(backend, typed[i % typed.length]);
    if (!done) busy.push(ms);
  }
  const run = await billing;
  off();
  if (!run.ok) throw new Error(`days.runUntil: ${run.error.code} ${run.error.message}`);
  const invoices = (run.data as { invoices: number }).invoices;
  // resourceUsage().maxRSS is in kilobytes: the whole process, both worker threads included
  process.stdout.write(`${JSON.stringify({ idle, busy, invoices, progressEvents, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
} finally {
  await backend.close();
}
