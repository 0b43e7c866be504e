import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/app/dispatch';
import { fixedClock } from '../../main/app/context';
import { contract, type ChannelName } from '../../main/contract';
import { startWebHarness, type WebHarness } from '../../main/hosts/web';
import { dumpTables } from './appFixtures';
import { createPortalWorld, type PortalWorld } from './portalFixtures';

// Isolation of the customer portal (security, enforced in the application layer): a portal session is bound to
// one customer, every portal channel takes the customer from that binding only, and any service / invoice /
// ticket id of another customer is refused — coded, and with not one byte written.

const portalChannels = (Object.keys(contract) as ChannelName[]).filter((c) => contract[c].access === 'portal');
const staffChannels = (Object.keys(contract) as ChannelName[]).filter((c) => contract[c].access === 'staff');

let w: PortalWorld;
beforeEach(() => {
  w = createPortalWorld();
});
afterEach(() => w.fx.close());

/**
 * For every portal channel: the inputs that name another customer's records (customer A's session, customer B's
 * ids). The table must cover every portal channel — a new channel without hostile cases fails this test.
 */
function hostileInputs(w: PortalWorld): Record<string, unknown[]> {
  const { b, plans } = w;
  const fp = 'x'.repeat(40);
  const bQuote = w.fx.call('changePlan.quote', { serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15' });
  const bFingerprint = bQuote.ok ? bQuote.fingerprint : fp;
  return {
    'portal.changeQuote': [{ serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15' }],
    'portal.requestChange': [
      { serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15', message: 'please' },
      { serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15', subject: 'x', priority: 'urgent', type: 'incident' },
    ],
    'portal.selfChange': [
      { serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15', fingerprint: fp },
      // even with the fingerprint of B's own, valid quote
      { serviceId: b.serviceId, planId: plans.p500, start: '2022-01-15', fingerprint: bFingerprint },
    ],
    'portal.usage': [
      { serviceId: b.serviceId, from: '2022-01-01', to: '2022-01-10' },
      // a bad range does not tell B's service apart from a missing one either
      { serviceId: b.serviceId, from: '2022-01-10', to: '2022-01-01' },
    ],
    'portal.invoice': [{ id: b.invoiceId }],
    'portal.ticket': [{ id: b.ticketId }],
    'portal.replyTicket': [{ ticketId: b.ticketId, body: 'hello from A' }],
  };
}

/** Channels without ids: the answer must be A's own data only. */
const ID_FREE = [
  'portal.session',
  'portal.dashboard',
  'portal.services',
  'portal.profile',
  'portal.updateProfile',
  'portal.finance',
  'portal.invoices',
  'portal.creditNotes',
  'portal.payments',
  'portal.tickets',
  'portal.createTicket',
  'portal.signOut',
];

/** Well-formed inputs of the id-free channels that take any ({} for the others). */
const ID_FREE_INPUTS: Record<string, Record<string, unknown>> = {
  'portal.createTicket': { subject: 'Mine', message: 'About my line' },
  'portal.updateProfile': { email: 'ava.new@example.com' },
};

/** A well-formed input for every portal channel (the hostile one where there is one). */
const inputFor = (w: PortalWorld, channel: string): Record<string, unknown> =>
  (hostileInputs(w)[channel]?.[0] as Record<string, unknown> | undefined) ?? ID_FREE_INPUTS[channel] ?? {};

/** Lets customers change their e-mail in the portal, so that portal.updateProfile's well-formed input is accepted. */
const allowEmailEdits = (w: PortalWorld) => w.fx.call('settings.update', { partnerId: 1, values: { 'portal.profile.editableFields': ['email'] } });

describe('portal isolation', () => {
  it('covers every portal channel', () => {
    expect(portalChannels.length).toBeGreaterThanOrEqual(12);
    const covered = new Set([...Object.keys(hostileInputs(w)), ...ID_FREE]);
    expect(portalChannels.filter((c) => !covered.has(c))).toEqual([]);
  });

  it("refuses every portal channel given another customer's service, invoice or ticket — NOT_FOUND, nothing written", () => {
    // with the portal's change modes off (the default for self-change) and on: isolation comes first either way
    let tried = 0;
    for (const selfChange of [false, true]) {
      w.fx.call('settings.update', { partnerId: 1, values: { 'portal.internet.selfChange': selfChange } });
      const cases = hostileInputs(w);
      for (const [channel, inputs] of Object.entries(cases)) {
        for (const input of inputs) {
          const before = w.fx.dump();
          const res = dispatch(w.a.portal, channel, input);
          expect(res.ok, `${channel} ${JSON.stringify(input)} was accepted`).toBe(false);
          if (!res.ok) {
            expect(res.error.code, `${channel}: ${res.error.message}`).toBe('NOT_FOUND');
            // the refusal reveals nothing about B
            expect(res.error.message).not.toContain('Bruno');
          }
          expect(w.fx.dump(), `${channel} wrote something`).toEqual(before);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(16);
  });

  it('refuses a customer id smuggled into any portal input (the session decides the customer) — nothing written', () => {
    // every input below is accepted without the customerId (profile edits allowed), so the customerId is what is refused
    allowEmailEdits(w);
    for (const channel of portalChannels) {
      const before = w.fx.dump();
      const res = dispatch(w.a.portal, channel, { ...inputFor(w, channel), customerId: w.b.customerId });
      expect(res.ok, `${channel} accepted a customerId`).toBe(false);
      if (!res.ok) {
        expect(res.error.code, channel).toBe('VALIDATION');
        expect(res.error.message, channel).toContain('customerId');
      }
      expect(w.fx.dump(), `${channel} wrote something`).toEqual(before);
    }
  });

  it("answers the id-free channels with the session customer's data only", () => {
    allowEmailEdits(w);
    const bMarkers = ['Bruno Costa', 'bruno', 'Slow at night'];
    for (const channel of ID_FREE) {
      const res = dispatch(w.a.portal, channel, inputFor(w, channel));
      expect(res.ok, `${channel}: ${JSON.stringify(res)}`).toBe(true);
      const text = JSON.stringify(res.ok ? res.data : null);
      for (const m of bMarkers) expect(text, `${channel} leaked ${m}`).not.toContain(m);
    }
    // the new ticket went to A, not B
    const mine = w.fx.call('tickets.list', { customerId: w.a.customerId });
    expect(mine.rows.map((t) => t.subject)).toEqual(['Mine']);
    expect(w.fx.call('tickets.list', { customerId: w.b.customerId }).rows.map((t) => t.subject)).toEqual(['Slow at night']);
    // the profile edit changed A, not B
    expect(w.fx.call('customers.get', { id: w.a.customerId }).email).toBe('ava.new@example.com');
    expect(w.fx.call('customers.get', { id: w.b.customerId }).email).toBe('');
    const services = w.fx.call('portal.services', {}, w.a.portal);
    expect(services.rows.map((r) => r.id)).toEqual([w.a.serviceId]);
    const invoices = w.fx.call('portal.invoices', {}, w.a.portal);
    expect(invoices.rows.map((i) => i.id)).toEqual([w.a.invoiceId]);
    expect(invoices.rows.every((i) => i.customerId === w.a.customerId)).toBe(true);
    // the counts and the other lists are A's alone too, though B has documents of each kind's table
    const own = (table: string) => w.fx.db.sqlite.prepare(`SELECT id FROM ${table} WHERE customer_id = ? ORDER BY date DESC, id DESC`).all(w.a.customerId).map((r) => (r as { id: number }).id);
    const finance = w.fx.call('portal.finance', {}, w.a.portal);
    expect(finance.counts).toEqual({ invoices: own('invoices').length, creditNotes: own('credit_notes').length, payments: own('payments').length });
    expect(w.fx.call('portal.payments', {}, w.a.portal).rows.map((p) => p.id)).toEqual(own('payments'));
    expect(w.fx.call('portal.creditNotes', {}, w.a.portal).rows.map((n) => n.id)).toEqual(own('credit_notes'));
  });

  it('refuses every portal channel without a portal session (staff or system actor) — FORBIDDEN, nothing written', () => {
    for (const actor of [w.fx.ctx, w.fx.as({ kind: 'system', name: 'scheduler' }), w.fx.as({ kind: 'staff', name: 'boss', role: 'administrator' })]) {
      for (const channel of portalChannels) {
        const input = inputFor(w, channel);
        const before = w.fx.dump();
        const res = dispatch(actor, channel, input);
        expect(res.ok, `${channel} answered without a portal session`).toBe(false);
        if (!res.ok) expect(res.error.code, channel).toBe('FORBIDDEN');
        expect(w.fx.dump()).toEqual(before);
      }
    }
  });

  it('refuses every staff channel to a portal session — FORBIDDEN, nothing written', () => {
    const before = w.fx.dump();
    for (const channel of staffChannels) {
      const res = dispatch(w.a.portal, channel, { customerId: w.a.customerId, id: w.a.customerId, serviceId: w.a.serviceId });
      expect(res.ok, `${channel} answered a portal session`).toBe(false);
      if (!res.ok) expect(res.error.code, channel).toBe('FORBIDDEN');
    }
    expect(w.fx.dump()).toEqual(before);
    expect(staffChannels).toContain('portal.open');
    expect(staffChannels).toContain('tickets.approveChange');
  });

  it('hides internal notes from the customer', () => {
    const t = w.fx.call('portal.createTicket', { subject: 'Router', message: 'Blinking red' }, w.a.portal);
    w.fx.call('tickets.reply', { ticketId: t.id, body: 'Customer is rude, check contract', internal: true });
    w.fx.call('tickets.reply', { ticketId: t.id, body: 'Please restart it' });
    const seen = w.fx.call('portal.ticket', { id: t.id }, w.a.portal);
    expect(seen.messages.map((m) => m.body)).toEqual(['Blinking red', 'Please restart it']);
    expect(JSON.stringify(w.fx.call('portal.tickets', {}, w.a.portal))).not.toContain('rude');
    expect(w.fx.call('tickets.get', { id: t.id }).messages).toHaveLength(3);
  });

  it('a session of a deleted or unknown customer is refused', () => {
    const ghost = w.fx.as({ kind: 'portal', customerId: 999_999, openedBy: 'tester' });
    for (const channel of portalChannels) {
      const res = dispatch(ghost, channel, inputFor(w, channel));
      expect(res.ok, channel).toBe(false);
      if (!res.ok) expect(['FORBIDDEN', 'NOT_FOUND'], `${channel}: ${res.error.code}`).toContain(res.error.code);
    }
  });
});

describe('portal sessions over HTTP (X-Portal-Session)', () => {
  let dir: string;
  let harness: WebHarness;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isp-portal-web-'));
    harness = await startWebHarness({ dbFile: join(dir, 'db.sqlite'), port: 0, staticDir: dir, clock: fixedClock('2022-01-10') });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rpc = async (channel: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${harness.url}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string } };
  };

  it('binds a tab to its customer by token; a bad token is FORBIDDEN and staff channels stay closed', async () => {
    const a = (await rpc('customers.create', { name: 'Ava', status: 'active' })).data;
    const b = (await rpc('customers.create', { name: 'Bruno', status: 'active' })).data;
    const bTicket = (await rpc('tickets.create', { customerId: b.id, subject: 'B only', message: 'b' })).data;
    const opened = await rpc('portal.open', { customerId: a.id });
    expect(opened.ok).toBe(true);
    expect(opened.data).toMatchObject({ customerId: a.id, customerName: 'Ava' });
    expect(opened.data.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(opened.data.hash).toBe(`#/portal?portal=${opened.data.token}`);
    const h = { 'X-Portal-Session': opened.data.token };

    const session = await rpc('portal.session', {}, h);
    expect(session.data).toMatchObject({ customerId: a.id, customerName: 'Ava', businessDate: '2022-01-10' });
    expect((await rpc('portal.ticket', { id: bTicket.id }, h)).error?.code).toBe('NOT_FOUND');
    expect((await rpc('customers.list', {}, h)).error?.code).toBe('FORBIDDEN');
    expect((await rpc('portal.open', { customerId: b.id }, h)).error?.code).toBe('FORBIDDEN');

    const before = dumpTables(harness.db);
    for (const token of ['nope', 'x'.repeat(32), opened.data.token.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'))]) {
      const r = await rpc('portal.createTicket', { subject: 's', message: 'm' }, { 'X-Portal-Session': token });
      expect(r.error?.code).toBe('FORBIDDEN');
    }
    expect(dumpTables(harness.db)).toEqual(before);
    // without the header the harness is the staff back office, and portal channels are closed to it
    expect((await rpc('portal.session', {})).error?.code).toBe('FORBIDDEN');
    // "Login as customer" is audited on the customer
    const log = (await rpc('customers.auditLog', { customerId: a.id })).data;
    expect(log.rows.some((r: { action: string }) => /Login as customer/.test(r.action))).toBe(true);
  });

  it('"Leave" ends the session: its token then reaches nothing, and other sessions go on', async () => {
    const a = (await rpc('customers.create', { name: 'Ada', status: 'active' })).data;
    const first = (await rpc('portal.open', { customerId: a.id })).data;
    const second = (await rpc('portal.open', { customerId: a.id })).data;
    const h1 = { 'X-Portal-Session': first.token };
    expect((await rpc('portal.session', {}, h1)).ok).toBe(true);
    expect((await rpc('portal.signOut', {}, h1)).data).toEqual({ ended: true });
    for (const channel of ['portal.session', 'portal.dashboard', 'portal.signOut']) expect((await rpc(channel, {}, h1)).error?.code).toBe('FORBIDDEN');
    expect((await rpc('portal.session', {}, { 'X-Portal-Session': second.token })).data).toMatchObject({ customerId: a.id });
    // staff cannot end anyone's portal session through it
    expect((await rpc('portal.signOut', {})).error?.code).toBe('FORBIDDEN');
  });
});
