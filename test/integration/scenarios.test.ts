import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../main/scenario/runner';

// The shared example scenarios are acceptance tests: every expectation of every file must pass through the
// real application layer. ../shared sits beside the repository on developers' machines and in CI.
const SHARED = resolve(import.meta.dirname, '../../../shared/scenarios');
const OWN = resolve(import.meta.dirname, '../scenarios');

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)) : []);

describe('scenario files', () => {
  test('the shared examples are present', () => {
    expect(files(SHARED).length).toBeGreaterThanOrEqual(5);
  });
  test.each([...files(SHARED), ...files(OWN)])('%s', (file) => {
    const outcome = runScenario(file);
    const failures = outcome.lines.filter((l) => l.startsWith('FAIL'));
    expect(failures).toEqual([]);
    expect(outcome.passed).toBeGreaterThan(0);
  });
});
