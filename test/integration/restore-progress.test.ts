import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressRecord } from '../../main/contract/system';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 18 item 12: a restore started from the window runs in steps and shows them in system.progress (the window
// polls between steps), then leaves its outcome there — the result, or the refusal in words.

let fx: AppFixture;
afterEach(() => fx?.close());

/** Polls system.progress the way the renderer does, one turn of the event loop apart, until the restore finished. */
async function followRestore(): Promise<{ steps: string[]; last: ProgressRecord }> {
  const steps: string[] = [];
  for (;;) {
    const restore = fx.call('system.progress', {}).work.find((w) => w.kind === 'restore');
    if (!restore) throw new Error('no restore under way');
    if (restore.finished) return { steps, last: restore };
    if (steps.at(-1) !== restore.step) steps.push(restore.step);
    await new Promise((ok) => setImmediate(ok));
  }
}

describe('restore in steps', () => {
  it('shows each step, then the result; the data are those of the backup', async () => {
    fx = createAppFixture();
    fx.call('customers.create', { name: 'Kept Customer', status: 'active' });
    const backup = fx.call('backup.now', {});
    fx.call('customers.create', { name: 'Entered After The Backup', status: 'active' });
    const started = fx.call('backup.restoreStart', { file: backup.name });
    expect(started.steps).toHaveLength(4);
    expect(fx.refuse('backup.restoreStart', { file: backup.name }).code).toBe('CONFLICT'); // one at a time
    const { steps, last } = await followRestore();
    expect(steps).toEqual(started.steps);
    expect(last.finished).toMatchObject({ ok: true, result: { restoredFrom: backup.path } });
    const names = (fx.call('customers.list', { page: 1, pageSize: 10 }) as { rows: { name: string }[] }).rows.map((r) => r.name);
    expect(names).toEqual(['Kept Customer']);
  });

  it('a file that is not a database stops at the check, says why, and changes nothing', async () => {
    fx = createAppFixture();
    fx.call('customers.create', { name: 'Still Here', status: 'active' });
    const junk = join(fx.dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database');
    const before = fx.dump();
    fx.call('backup.restoreStart', { file: junk });
    const { steps, last } = await followRestore();
    expect(steps).toEqual(['Checking the backup']);
    expect(last.finished).toMatchObject({ ok: false });
    expect(last.finished && !last.finished.ok && last.finished.message).toMatch(/cannot be restored/);
    expect(fx.dump()).toEqual(before);
  });
});
