import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createLocalBackend, type LocalBackend } from '../../main/backend/local';
import type { CallRequest } from '../../main/backend/types';
import { startOfficeServer, type OfficeServer } from '../../main/hosts/office/server';
import { startSeatHarness, type SeatHarness } from '../../main/hosts/seatHarness';
import { writeSeatFile } from '../../main/shell/seatConfig';
import { dialog } from './ui-helpers';

// Issue 20: an office server on 127.0.0.2 (not the seats' 127.0.0.1) and two seats, each a browser harness whose host
// reaches the server through createRemoteBackend with the pinned certificate. One seat connects through the first-start
// screens; two staff members take a payment for the same customer at the same moment and each sees the other's without
// reloading; balance = ledger; the server restarts and the seats work again (banner shown, then gone).

const OFFICE = '127.0.0.2';
const DATE = '2024-03-15';
const ALICE = { name: 'Alice Admin', password: 'correct horse battery' };
const BOB = { name: 'Bob Finance', password: 'bob finance password' };

let dir: string;
let officeDb: string;
let backend: LocalBackend;
let office: OfficeServer;
let customerId: number;
const seats: SeatHarness[] = [];

async function call<T>(req: Omit<CallRequest, 'source'>): Promise<T> {
  const res = await backend.call({ ...req, source: 'test' });
  if (!res.ok) throw new Error(`${req.channel}: ${res.error.message}`);
  return res.data as T;
}

/** The office server (its certificate is kept beside the database: the same one after a restart). */
async function startOffice(port = 0): Promise<void> {
  backend = await createLocalBackend({ dbFile: officeDb, mode: 'inline', staffAuth: true, businessDate: DATE });
  office = await startOfficeServer({ backend, dbFile: officeDb, host: OFFICE, port, name: 'Test office' });
}
async function stopOffice(): Promise<void> {
  await office.close();
  await backend.close();
}

async function signIn(page: Page, who: { name: string; password: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(who.name);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `Signed in as ${who.name}` })).toBeVisible();
}

async function seatPage(browser: Browser, seat: SeatHarness): Promise<Page> {
  const context = await browser.newContext({ baseURL: seat.url });
  return context.newPage();
}

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isp-seats-'));
  mkdirSync(join(dir, 'office'));
  officeDb = join(dir, 'office', 'office.sqlite');
  await startOffice();
  const admin = await call<{ token: string }>({ channel: 'auth.setup', input: ALICE });
  await call({ channel: 'staff.create', input: { ...BOB, role: 'finance' }, staffToken: admin.token });
  customerId = (await call<{ id: number }>({ channel: 'customers.create', input: { name: 'Shared Customer', status: 'active' }, staffToken: admin.token })).id;
  // the backup a seat copies when an administrator signs in there (read-only while the server is away)
  await call({ channel: 'backup.now', input: {}, staffToken: admin.token });
  await call({ channel: 'auth.signOut', input: {}, staffToken: admin.token });
});

test.afterEach(async () => {
  for (const s of seats.splice(0)) await s.close();
  await stopOffice();
  rmSync(dir, { recursive: true, force: true });
});

test('two seats on one office server: first connect, payments at the same moment, a server restart', async ({ browser }) => {
  test.setTimeout(180_000); // five sign-ins (scrypt) and a server restart on a loaded 2-core machine
  const fast = { connectTimeoutMs: 2000, retry: { firstMs: 200, maxMs: 1000 } };
  // Seat A starts with nothing chosen; seat B was connected before (its seat file holds the pinned fingerprint).
  const seatA = await startSeatHarness({ configFile: join(dir, 'seat-a', 'seat.json'), port: 0, remote: fast });
  seats.push(seatA);
  mkdirSync(join(dir, 'seat-b'));
  writeSeatFile(join(dir, 'seat-b', 'seat.json'), { use: 'office', url: `https://${OFFICE}:${office.port}`, fingerprint: office.fingerprint!, name: 'Test office', confirmedAt: new Date().toISOString() });
  const seatB = await startSeatHarness({ configFile: join(dir, 'seat-b', 'seat.json'), port: 0, remote: fast });
  seats.push(seatB);

  // First start on seat A: the choice, the address, the fingerprint to compare, then sign-in on the server's data.
  const a = await seatPage(browser, seatA);
  await a.goto('/');
  await expect(a.getByRole('heading', { name: 'Where is this workstation’s data?' })).toBeVisible();
  await a.getByRole('button', { name: /Connect to an office server/ }).click();
  await a.getByLabel('Office server address').fill(`${OFFICE}:${office.port}`);
  await a.getByRole('button', { name: 'Look up the server' }).click();
  await expect(a.getByText(`The office server Test office answers at https://${OFFICE}:${office.port}`)).toBeVisible();
  await expect(a.getByTestId('seat-fingerprint')).toHaveText(office.fingerprint!);
  await a.getByRole('button', { name: 'The fingerprints match — connect' }).click();
  await expect(a.getByRole('heading', { name: 'Sign in to ISP Back Office' })).toBeVisible();
  await signIn(a, ALICE);

  const b = await seatPage(browser, seatB);
  await b.goto('/');
  await signIn(b, BOB);

  // Both on the same customer's Billing tab; each takes a payment, both saved at the same moment.
  for (const p of [a, b]) {
    await p.goto(`/#/customers/${customerId}/billing`);
    await expect(p.getByRole('heading', { name: 'Shared Customer' })).toBeVisible();
    await p.getByRole('tab', { name: /Payments/ }).click();
    await expect(p.getByRole('table', { name: 'Payments' })).toBeVisible();
    await p.getByRole('button', { name: 'Add payment' }).first().click();
  }
  await dialog(a).getByLabel('Amount').fill('11.00');
  await dialog(a).getByLabel('Reference').fill('SEAT-A');
  await dialog(b).getByLabel('Amount').fill('22.00');
  await dialog(b).getByLabel('Reference').fill('SEAT-B');
  await Promise.all([dialog(a).getByRole('button', { name: 'Add payment' }).click(), dialog(b).getByRole('button', { name: 'Add payment' }).click()]);
  await expect(dialog(a)).toBeHidden();
  await expect(dialog(b)).toBeHidden();
  // each sees the other's payment on the list it already shows (pushed by the server over the seat's event stream)
  await expect(a.getByRole('table', { name: 'Payments' })).toContainText('SEAT-B');
  await expect(b.getByRole('table', { name: 'Payments' })).toContainText('SEAT-A');

  // balance = ledger, through the API
  const admin = await call<{ token: string }>({ channel: 'auth.signIn', input: ALICE });
  const detail = await call<{ balance: number }>({ channel: 'customers.get', input: { id: customerId }, staffToken: admin.token });
  const ledger = await call<{ totals: { debit: number; credit: number } }>({ channel: 'finance.ledger', input: { customerId }, staffToken: admin.token });
  expect(detail.balance).toBe(3300);
  expect(ledger.totals.credit - ledger.totals.debit).toBe(detail.balance);

  // The server stops: both seats say so and retry; seat A opens the latest backup read-only meanwhile.
  const port = office.port;
  await stopOffice();
  for (const p of [a, b]) await expect(p.getByTestId('office-banner')).toContainText('does not answer — retrying');
  await a.getByRole('button', { name: 'Open the latest backup (read-only)' }).click();
  await expect(a.getByTestId('office-banner')).toContainText('Read-only: the office server’s latest backup');
  await a.goto(`/#/customers/${customerId}`);
  await expect(a.getByRole('heading', { name: 'Shared Customer' })).toBeVisible();
  await a.getByRole('button', { name: 'Back to the office server' }).click();

  // The server is back on the same address, with the same certificate: the banner goes, the seats work again.
  await startOffice(port);
  for (const p of [a, b]) await expect(p.getByTestId('office-banner')).toBeHidden();
  await a.goto(`/#/customers/${customerId}/billing`);
  await a.getByRole('tab', { name: /Payments/ }).click();
  await expect(a.getByRole('table', { name: 'Payments' })).toContainText('SEAT-B');
});
