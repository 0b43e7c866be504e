import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendEvent, ChangeEvent } from '../../main/backend/types';
import { fixedClock } from '../../main/app/context';
import { PORTAL_SESSION_HEADER, STAFF_SESSION_HEADER, startWebHarness, type WebHarness } from '../../main/hosts/web';

// Push over the harness (issue 20 item 2): GET /events streams what committed writes changed, as Server-Sent Events;
// a refused call announces nothing; a customer-portal stream hears only its own customer; sign-in is required.

let dir: string;
let harness: WebHarness;
let staff: string;

interface Stream {
  events: BackendEvent[];
  /** the n-th `changed` event (1-based), waiting for it to arrive */
  changed(n: number): Promise<ChangeEvent>;
  /** settles when the server ends the stream */
  ended: Promise<void>;
  close(): void;
}

/** Reads GET /events with fetch streaming, as the renderer does; resolves once the server said the stream is open. */
async function openStream(headers: Record<string, string>): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${harness.url}events`, { headers, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: BackendEvent[] = [];
  let wake: () => void = () => {};
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => (open = r));
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (block === ': open') open();
        for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as BackendEvent);
      }
      wake();
    }
    wake();
  })();
  await opened;
  return {
    events,
    ended,
    async changed(n) {
      for (;;) {
        const found = events.filter((e): e is ChangeEvent => e.kind === 'changed');
        if (found.length >= n) return found[n - 1];
        await new Promise<void>((r) => (wake = r));
      }
    },
    close: () => abort.abort(),
  };
}

const rpc = async (channel: string, body: unknown, headers: Record<string, string> = { [STAFF_SESSION_HEADER]: staff }) => {
  const res = await fetch(`${harness.url}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isp-push-'));
  harness = await startWebHarness({ dbFile: join(dir, 'db.sqlite'), port: 0, staticDir: dir, clock: fixedClock('2024-03-15'), staffAuth: true });
  const setup = await rpc('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, {});
  expect(setup.ok).toBe(true);
  staff = setup.data.token as string;
});

afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /events on the web harness', () => {
  it('needs a live staff session (or a portal session) and the page’s own origin', async () => {
    expect((await fetch(`${harness.url}events`)).status).toBe(401);
    expect((await fetch(`${harness.url}events`, { headers: { [STAFF_SESSION_HEADER]: 'x'.repeat(43) } })).status).toBe(401);
    expect((await fetch(`${harness.url}events`, { headers: { [PORTAL_SESSION_HEADER]: 'x'.repeat(32) } })).status).toBe(403);
    expect((await fetch(`${harness.url}events`, { headers: { [STAFF_SESSION_HEADER]: staff, origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('announces a payment with its customer after commit, and nothing for a refused call', async () => {
    const ava = (await rpc('customers.create', { name: 'Ava', status: 'active' })).data;
    const stream = await openStream({ [STAFF_SESSION_HEADER]: staff });
    const paid = await rpc('billing.addPayment', { customerId: ava.id, amount: 2500 });
    expect(paid.ok).toBe(true);
    const first = await stream.changed(1);
    expect(first.areas).toEqual(expect.arrayContaining(['billing', 'customers']));
    expect(first.customerIds).toEqual([ava.id]);
    // the refused calls (bad amount; a role check would be the same) come and go without a word …
    expect((await rpc('billing.addPayment', { customerId: ava.id, amount: -5 })).ok).toBe(false);
    expect((await rpc('billing.addPayment', { customerId: 999_999, amount: 100 })).ok).toBe(false);
    // … and a read announces nothing: the next event on the stream is the next successful write
    expect((await rpc('customers.list', {})).ok).toBe(true);
    const ticket = await rpc('tickets.create', { customerId: ava.id, subject: 'Router', message: 'blinks' });
    expect(ticket.ok).toBe(true);
    const second = await stream.changed(2);
    expect(second.areas).toContain('tickets');
    expect(second.areas).not.toContain('billing');
    expect(stream.events.filter((e) => e.kind === 'changed')).toHaveLength(2);
    stream.close();
  });

  it('a customer-portal stream hears only its own customer', async () => {
    const ada = (await rpc('customers.create', { name: 'Ada', status: 'active' })).data;
    const bob = (await rpc('customers.create', { name: 'Bob', status: 'active' })).data;
    const portal = (await rpc('portal.open', { customerId: ada.id })).data;
    const adaStream = await openStream({ [PORTAL_SESSION_HEADER]: portal.token });
    const staffStream = await openStream({ [STAFF_SESSION_HEADER]: staff });
    expect((await rpc('billing.addPayment', { customerId: bob.id, amount: 700 })).ok).toBe(true);
    expect((await rpc('billing.addPayment', { customerId: ada.id, amount: 800 })).ok).toBe(true);
    // staff hear both, in order; Ada's portal hears her payment as its first event
    expect((await staffStream.changed(1)).customerIds).toEqual([bob.id]);
    expect((await staffStream.changed(2)).customerIds).toEqual([ada.id]);
    expect((await adaStream.changed(1)).customerIds).toEqual([ada.id]);
    // her own change through the portal reaches her, and staff, naming her
    expect((await rpc('portal.createTicket', { subject: 'Slow', message: 'evenings' }, { [PORTAL_SESSION_HEADER]: portal.token })).ok).toBe(true);
    expect((await adaStream.changed(2)).customerIds).toEqual([ada.id]);
    expect((await staffStream.changed(3)).customerIds).toEqual([ada.id]);
    expect(adaStream.events.every((e) => e.kind !== 'changed' || e.customerIds === undefined || e.customerIds.join() === String(ada.id))).toBe(true);
    staffStream.close();
    // "Leave" ends the session: the stream closes at the next event instead of going on
    expect((await rpc('portal.signOut', {}, { [PORTAL_SESSION_HEADER]: portal.token })).ok).toBe(true);
    await rpc('billing.addPayment', { customerId: ada.id, amount: 100 });
    await adaStream.ended;
    expect(adaStream.events.filter((e) => e.kind === 'changed')).toHaveLength(2);
  });

  it('a staff stream ends when its session is signed out', async () => {
    const signIn = await rpc('auth.signIn', { name: 'Alice Admin', password: 'correct horse battery' }, {});
    const second = signIn.data.token as string;
    const stream = await openStream({ [STAFF_SESSION_HEADER]: second });
    expect((await rpc('auth.signOut', {}, { [STAFF_SESSION_HEADER]: second })).ok).toBe(true);
    // the sign-out itself is an event this session may no longer hear
    await stream.ended;
    expect(stream.events).toHaveLength(0);
  });
});

describe('announced after commit, once per call', () => {
  it('an import writes through dispatch row by row but announces once, after its commit; its dry run announces only its own area', async () => {
    const { createAppFixture } = await import('./appFixtures');
    const { listenChanges } = await import('../../main/app/changes');
    const fx = createAppFixture({ today: '2026-12-07' });
    try {
      fx.call('plans.create', { kind: 'internet', name: 'Home 50', price: 3000 });
      const heard: { areas: string[]; inTransaction: boolean; customers: number }[] = [];
      listenChanges(fx.db, (e) =>
        heard.push({ areas: e.areas, inTransaction: fx.db.sqlite.inTransaction, customers: (fx.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n }),
      );
      const csv = ['Name,Status,Plan,Start date,Login', 'Anna Example,active,Home 50,2026-11-01,anna', 'Bob Builder,active,Home 50,2026-11-15,bob'].join('\n');
      fx.call('import.preview', { kind: 'customers', csv });
      expect(heard.map((h) => h.areas)).toEqual([['imports']]); // the dry run: its own channel only, no customers
      fx.call('import.apply', { kind: 'customers', csv });
      expect(heard).toHaveLength(2);
      expect(heard[1].areas).toEqual(expect.arrayContaining(['imports', 'customers', 'services']));
      // heard outside any transaction, with both customers already committed
      expect(heard[1]).toMatchObject({ inTransaction: false, customers: 2 });
    } finally {
      fx.close();
    }
  });
});
