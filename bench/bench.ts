import type { AppDb } from '../db/open';
import type { AppContext } from '../main/app/context';
import { dispatch } from '../main/app/dispatch';
import type { ChannelName, InputOf, OutputOf } from '../main/contract';
import type { Rng } from '../main/demo/prng';
import { timeMs, type Figure } from './figures';

// What every benchmark section is given, and what a section is. `npm run bench` runs the sections of bench/run.ts
// in order on one generated file; another area adds its own (e.g. bench/radius.ts) by exporting a Section and
// listing it there.

/** What a section's set-up is given: the run, before its ISP is generated (see Section.prepare). */
export interface Preparation {
  /** the temporary folder of the run (for further files a section generates) */
  dir: string;
  /** customers generated */
  n: number;
  quick: boolean;
  seed: number;
  /** the business date of the generated file: billing day for every customer */
  today: string;
  /** the command line (every option of bench/run.ts, as parseArgs gives them) */
  args: Record<string, string | boolean | undefined>;
  /** `full` repetitions, or `quick` with --quick */
  reps(full: number, quick: number): number;
  log(s: string): void;
  /** values one section hands to a later one (e.g. the day the catch-up reached), or its set-up to its run */
  state: Map<string, unknown>;
  /** runs `fn` when the benchmark ends, however it ends (a browser or a child process the set-up started) */
  atEnd(fn: () => unknown): void;
}

export interface Bench extends Preparation {
  db: AppDb;
  /** the generated SQLite file (a temporary copy: sections may change it) */
  file: string;
  /** staff working on `today` */
  staff: AppContext;
  rng: Rng;
  add(f: Figure): void;
}

export interface Section {
  /** the name `--only` and `--skip` use */
  name: string;
  /** why the section does not run in this run (e.g. it needs an option), or null */
  skip?(b: Preparation): string | null;
  /**
   * Set-up that needs no generated file (its own database, a browser started, a process loaded), run while the ISP
   * is generated: bench/run.ts generates in a child process and the machine has a core to spare. Nothing measured
   * runs here, and nothing a measurement depends on may still be running when it ends. Hands what it made to
   * `run` through `state`.
   */
  prepare?(p: Preparation): void | Promise<void>;
  run(b: Bench): void | Promise<void>;
}

/** A call through dispatch, as the UI makes it; a refusal is a benchmark error. */
export function call<C extends ChannelName>(ctx: AppContext, channel: C, input: InputOf<C>): OutputOf<C> {
  const r = dispatch(ctx, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** Durations (ms) of fn over the inputs. */
export function sample<T>(inputs: readonly T[], fn: (input: T) => unknown): number[] {
  return inputs.map((input) => timeMs(() => fn(input)).ms);
}

export const count = (db: AppDb, sql: string, ...params: unknown[]): number => (db.sqlite.prepare(sql).get(...params) as { n: number }).n;
