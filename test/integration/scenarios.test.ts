import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../main/scenario/runner';

// Scenario files are acceptance tests: every expectation of every file must pass through the real application
// layer. Our own files (test/scenarios) always run. The shared examples run in addition where they exist: beside
// the repository (../shared) on developers' machines, or at /work/shared; a clean clone has neither and needs neither.
const OWN = resolve(import.meta.dirname, '../scenarios');
const SHARED = [resolve(import.meta.dirname, '../../../shared/scenarios'), '/work/shared/scenarios'].find((dir) => existsSync(dir));

const files = (dir: string | undefined) =>
  dir && existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)) : [];

describe('scenario files', () => {
  test('our own scenario files are present', () => {
    expect(files(OWN).length).toBeGreaterThanOrEqual(1);
  });
  test.each([...files(OWN), ...files(SHARED)])('%s', (file) => {
    const outcome = runScenario(file);
    const failures = outcome.lines.filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
    expect(outcome.passed).toBeGreaterThan(0);
  });
});
