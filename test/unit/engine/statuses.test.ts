import { describe, expect, test } from 'vitest';
import {
  canChangeCustomerStatus,
  canChangeServiceStatus,
  customerStatusChangeRefusal,
  CUSTOMER_STATUSES,
  serviceStatusChangeRefusal,
  SERVICE_STATUSES,
} from '../../../main/engine';

describe('manual service status changes', () => {
  test.each([
    ['active', 'stopped', true],
    ['active', 'disabled', true],
    ['active', 'archived', true],
    ['stopped', 'active', true],
    ['disabled', 'active', true],
    ['pending', 'archived', true],
    ['pending', 'active', false],
    ['active', 'pending', false],
    ['archived', 'active', false],
    ['active', 'active', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canChangeServiceStatus(from, to)).toBe(ok);
    const reason = serviceStatusChangeRefusal(from, to);
    expect(reason === null).toBe(ok);
  });

  test('refusals say why', () => {
    expect(serviceStatusChangeRefusal('archived', 'active')).toMatch(/archived/);
    expect(serviceStatusChangeRefusal('pending', 'active')).toMatch(/start date/);
    expect(serviceStatusChangeRefusal('active', 'active')).toMatch(/already active/);
  });

  test('every refusal is a non-empty sentence', () => {
    for (const from of SERVICE_STATUSES) for (const to of SERVICE_STATUSES) {
      const r = serviceStatusChangeRefusal(from, to);
      if (r !== null) expect(r.length).toBeGreaterThan(10);
    }
  });
});

describe('manual customer status changes', () => {
  test.each([
    ['new', 'active', true],
    ['active', 'blocked', true],
    ['blocked', 'active', true],
    ['active', 'inactive', true],
    ['inactive', 'active', true],
    ['active', 'new', false],
    ['new', 'blocked', false],
    ['inactive', 'blocked', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canChangeCustomerStatus(from, to)).toBe(ok);
  });

  test('refusals say why', () => {
    expect(customerStatusChangeRefusal('active', 'new')).toMatch(/New/);
    for (const s of CUSTOMER_STATUSES) expect(customerStatusChangeRefusal(s, s)).toMatch(/already/);
  });
});
