import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { createRng } from '../../main/demo/prng';
import { CRASH_UNTIL, prepareCrashDatabase, runCrashWork } from '../helpers/crashWork';
import { invariantProblems, workDigest } from '../helpers/dbInvariants';

// Crash safety (issue "Crash safety"): the bulk tariff change (applyChunk) and the end-of-day billing runs of sixty
// days on a generated ISP of 2 000 customers run in a child process that is killed with SIGKILL at 50 random
// moments (seeded). The kills come in chains on one database copy — kill, check, restart, kill again… — like a
// workstation that keeps losing power. After every kill the file must pass integrity_check with no partial
// invoice, no period invoiced twice, every balance equal to its ledger and no half-applied bulk row; at the end
// of each chain the restarted work must have finished exactly once: the same documents, services and balances as
// one uninterrupted run.

const KILLS = 50;
const PARALLEL_CHAINS = 2;
const SEED = 20250520;
/** kill moments: uniform in [0, the child's uninterrupted run time) after it reported its database open */
let maxDelayMs = 1000;

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let template: string;
let batchId: number;
let cleanDigest: Record<string, unknown>;
let cleanMs = 0;
let childCommand: string[];

/** The child script bundled once (starts in ~0.3 s instead of ~1.5 s through tsx); tsx when esbuild is missing. */
async function childEntry(): Promise<string[]> {
  const script = resolve(root, 'test/helpers/run-billing-child.ts');
  try {
    const { build } = await import('esbuild');
    // inside the repository so that better-sqlite3 resolves from node_modules
    const out = resolve(root, 'node_modules/.cache/isp-crash-test', `child-${process.pid}.mjs`);
    mkdirSync(resolve(out, '..'), { recursive: true });
    await build({
      entryPoints: [script],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: out,
      external: ['better-sqlite3'],
      logLevel: 'error',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    return [out];
  } catch {
    return ['--import', 'tsx', script];
  }
}

function checkFile(file: string): string[] {
  const sqlite = new Database(file); // read-write: recovers the WAL the killed process left, as the app would
  try {
    return invariantProblems(sqlite);
  } finally {
    sqlite.close();
  }
}

function digestOf(file: string): Record<string, unknown> {
  const sqlite = new Database(file, { readonly: true });
  try {
    return workDigest(sqlite);
  } finally {
    sqlite.close();
  }
}

interface ChildOutcome {
  killed: boolean;
  lastStep: string | null;
  ranMs: number;
}

function runChild(file: string, delayMs: number): Promise<ChildOutcome> {
  return new Promise((resolveOutcome, reject) => {
    const child = spawn(process.execPath, [...childCommand, file, String(batchId)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!readyAt && out.includes('ready\n')) {
        readyAt = Date.now();
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      const steps = out.split('\n').filter((l) => l.startsWith('step '));
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`child failed (code ${code}, signal ${signal}): ${err.slice(-2000)}`));
      if (signal === 'SIGKILL' && !readyAt) return reject(new Error(`child never opened the database: ${err.slice(-2000)}`));
      resolveOutcome({ killed: signal === 'SIGKILL' && !out.includes('done\n'), lastStep: steps.at(-1)?.slice(5) ?? null, ranMs: readyAt ? Date.now() - readyAt : 0 });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isp-crash-'));
  template = join(dir, 'template.sqlite');
  const db = openDatabase(template);
  ({ batchId } = prepareCrashDatabase(db));
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const clean = join(dir, 'clean.sqlite');
  copyFileSync(template, clean);
  const cleanDb = openDatabase(clean);
  const t = Date.now();
  runCrashWork(cleanDb, batchId);
  cleanMs = Date.now() - t;
  cleanDb.close();
  expect(checkFile(clean)).toEqual([]);
  cleanDigest = digestOf(clean);
  childCommand = await childEntry();
  // one uninterrupted child run: checks the child itself and measures how long its work takes out there
  const timed = join(dir, 'timed.sqlite');
  copyFileSync(template, timed);
  const outcome = await runChild(timed, 10 * 60_000);
  expect(outcome.killed).toBe(false);
  expect(digestOf(timed)).toEqual(cleanDigest);
  maxDelayMs = Math.max(200, outcome.ranMs);
  rmSync(timed, { force: true });
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (childCommand?.[0]?.endsWith('.mjs') && existsSync(childCommand[0])) rmSync(childCommand[0], { force: true });
});

describe('crash safety: SIGKILL during the bulk change and the billing run', () => {
  it('the uninterrupted run does real work (the baseline the kills are compared with)', () => {
    const d = cleanDigest as { invoices: string[]; bulkItems: string[]; scheduler: string[] };
    expect(d.scheduler).toContain(`scheduler.lastProcessedDay|"${CRASH_UNTIL}"`);
    expect(d.bulkItems.filter((r) => r.includes('|success|')).length).toBeGreaterThan(100);
    expect(d.invoices.length).toBeGreaterThan(1000);
  });

  it(`${KILLS} kills at random moments: every state is consistent and every restart finishes the work exactly once`, async () => {
    const rng = createRng(SEED);
    const log: { chain: number; delay: number; ranMs: number; lastStep: string | null }[] = [];
    let kills = 0;
    let chains = 0;
    let finishedInProcess = 0;
    const started = Date.now();

    async function chain(n: number): Promise<void> {
      const file = join(dir, `chain-${n}.sqlite`);
      copyFileSync(template, file);
      // Each chain starts with the bulk change still to do; its first kill comes early so that, whatever the
      // machine's load, kills land in both phases (the bulk change first, the day runs after it).
      let first = true;
      for (;;) {
        if (kills >= KILLS) {
          // the kill budget is spent: the restart happens here, in-process
          const db = openDatabase(file);
          try {
            runCrashWork(db, batchId);
          } finally {
            db.close();
          }
          finishedInProcess++;
          break;
        }
        const delay = Math.floor(rng.next() * maxDelayMs * (first ? 0.15 : 1));
        first = false;
        kills++; // claimed before the await so that parallel chains never overshoot
        const outcome = await runChild(file, delay);
        if (!outcome.killed) {
          kills--; // the work had finished before the kill landed: the chain is complete
          break;
        }
        log.push({ chain: n, delay, ranMs: outcome.ranMs, lastStep: outcome.lastStep });
        const problems = checkFile(file);
        expect(problems, `after kill ${log.length} (chain ${n}, ${delay} ms, last step ${outcome.lastStep})`).toEqual([]);
      }
      expect(checkFile(file)).toEqual([]);
      expect(digestOf(file), `chain ${n}: the work after ${log.filter((l) => l.chain === n).length} kill(s) differs from one clean run`).toEqual(cleanDigest);
      rmSync(file, { force: true });
    }

    async function worker(): Promise<void> {
      while (kills < KILLS) await chain(++chains);
    }
    await Promise.all(Array.from({ length: PARALLEL_CHAINS }, worker));

    expect(log).toHaveLength(KILLS);
    // the kills landed in both phases: during the bulk change and during the day runs
    expect(log.some((l) => l.lastStep === null || l.lastStep.startsWith('bulk'))).toBe(true);
    expect(log.some((l) => l.lastStep?.startsWith('day'))).toBe(true);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `crash safety: ${KILLS} kills in ${chains} chain(s) (${finishedInProcess} finished in-process) in ${seconds} s; ` +
        `work: ${cleanMs} ms in-process, ${maxDelayMs} ms in the child (the range of kill delays)`,
    );
    // A hang guard, not a budget: 50 child processes take ≈ 2 min idle, and more than 4 while a benchmark shares the
    // two cores with the rest of the suite.
  }, 480_000);
});
