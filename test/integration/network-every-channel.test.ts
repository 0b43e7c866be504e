import { afterAll, beforeAll, expect, test } from 'vitest';
import { answerRows, radiusRows } from '../../db/networkAnswers';
import { contract, type ChannelName, type InputOf, type OutputOf } from '../../main/contract';
import type { AppContext } from '../../main/app/context';
import { createAppFixture, type AppFixture } from './appFixtures';

// "No write may change a login's answer without queuing a disconnect": every channel that writes goes through here,
// and after each call an oracle — every login's answer recomputed from the queries FreeRADIUS runs, compared with
// its answer before the call — says which logins that were accepted (may be online) changed. Exactly those logins,
// once each, must have a new Disconnect-Request in the outbox. A channel added later fails the last test until it is
// exercised here or listed, with its reason, among the channels that cannot change an answer.

const CANNOT_CHANGE_AN_ANSWER: Partial<Record<ChannelName, string>> = {
  'auth.setup': 'writes staff accounts only',
  'auth.signIn': 'writes staff sign-in state only',
  'auth.signOut': 'ends a staff session only',
  'auth.setLanguage': 'the signed-in member\'s own language only',
  'staff.create': 'writes staff accounts only',
  'staff.update': 'writes staff accounts only',
  'system.createDemo': 'only into an empty database, which becomes a demo (training) database that never sends',
  'backup.restoreStart': 'the same restore steps as backup.restore (exercised here), run one per turn of the event loop (restore-progress.test.ts)',
  'days.advance': 'training clock of a demo database (never sends); it runs the same day code as days.runUntil, exercised here',
};

let f: AppFixture;
const exercised = new Set<string>();
let lastOutboxId = 0;
const ids: Record<string, number> = {};

function answers(): Map<string, { accepted: boolean; answer: string }> {
  const logins = f.db.sqlite.prepare(`SELECT DISTINCT lower(login) AS login FROM services WHERE login IS NOT NULL AND login <> ''
                                      UNION SELECT login FROM network_login_state`).all() as { login: string }[];
  return new Map(
    logins.map(({ login }) => {
      // the truth (the views now) — and what FreeRADIUS reads must be exactly that after every commit
      const rows = answerRows(f.db.sqlite, login);
      expect(radiusRows(f.db.sqlite, login), `what FreeRADIUS reads for ${login}`).toEqual(rows);
      return [login, { accepted: rows.check.length > 0, answer: JSON.stringify(rows) }];
    }),
  );
}

/** Calls a channel through dispatch and holds the new outbox rows against the oracle. */
function step<C extends ChannelName>(channel: C, input: InputOf<C>, ctx: AppContext = f.ctx): OutputOf<C> {
  const before = answers();
  const out = f.call(channel, input, ctx);
  const after = answers();
  const expected = [...before]
    .filter(([login, b]) => b.accepted && after.get(login)?.answer !== b.answer)
    .map(([login]) => login)
    .sort();
  const rows = f.db.sqlite.prepare(`SELECT id, lower(login) AS login FROM network_outbox WHERE id > ? ORDER BY id`).all(lastOutboxId) as { id: number; login: string }[];
  lastOutboxId = rows.at(-1)?.id ?? lastOutboxId;
  expect(rows.map((r) => r.login).sort(), `${channel}: one Disconnect-Request per online login whose answer changed`).toEqual(expected);
  exercised.add(channel);
  return out;
}

beforeAll(() => {
  f = createAppFixture({ today: '2022-01-01' });
});
afterAll(() => f?.close());

test('every writing channel queues exactly the Disconnect-Requests its changes call for', () => {
  const portalOf = (customerId: number): AppContext => f.as({ kind: 'portal', customerId, openedBy: 'test' });
  step('settings.update', {
    partnerId: 1,
    values: { 'billing.day': 1, 'billing.paymentDueDays': 15, 'billing.blockingDays': 0, 'network.blockingMethod': 'blockedPool', 'portal.internet.selfChange': true, 'portal.profile.editableFields': ['email'] },
  });
  const router = step('routers.save', { title: 'core', address: '127.0.0.1', nasIp: '127.0.0.1', authMethod: 'pppRadius', secret: 'sec' });
  const net = step('ipv4.saveNetwork', { network: '100.64.0.0/24', kind: 'dynamic' });
  const pool = step('ipv4.savePool', { networkId: net.id, title: 'main' });
  const pA = step('plans.create', { kind: 'internet', name: 'A', price: 10000, downloadKbps: 10000, uploadKbps: 1000 });
  const pB = step('plans.create', { kind: 'internet', name: 'B', price: 20000, downloadKbps: 20000, uploadKbps: 2000 });
  step('plans.update', { id: pA.id, portalTargetIds: [pB.id] });
  step('plans.update', { id: pB.id, portalTargetIds: [pA.id] });
  const add = (name: string, login: string, extra: Record<string, unknown> = {}) => {
    const c = step('customers.create', { name, status: 'active', portalLogin: login, portalPassword: `${login}-portal` });
    const s = step('services.add', { customerId: c.id, kind: 'internet', planId: pA.id, start: '2022-01-01', internet: { login, password: `${login}-pw`, routerId: router.id, ...extra } });
    ids[login] = s.id;
    ids[`c_${login}`] = c.id;
    return s;
  };
  const s1 = add('One', 'one', { macs: 'AA:BB:CC:DD:EE:01' });
  add('Two', 'two', { ipv4Method: 'dynamic', ipv4PoolId: pool.id });
  const s3 = add('Three', 'three');
  const s4 = add('Four', 'four');
  const netOf = (s: { internet: Record<string, unknown> | null }) => {
    const { ipv4PoolName: _p, routerName: _r, ...n } = s.internet as Record<string, unknown>;
    return n;
  };

  // services
  step('services.update', { id: s4.id, internet: { ...netOf(s4), password: 'changed' } } as InputOf<'services.update'>);
  const sched = step('services.scheduleStatus', { serviceId: s4.id, status: 'disabled', on: '2022-01-05' });
  step('services.cancelScheduledStatus', { id: sched.scheduledStatus!.id });
  step('services.geolocate', { serviceId: s4.id, address: 'Main St 1', latitude: 1, longitude: 2 });
  step('services.delete', { id: s4.id });
  // customers and partner settings
  step('customers.update', { id: s3.customerId, status: 'blocked' });
  step('settings.update', { partnerId: 1, values: { 'network.blockedPool': 'unpaid', 'network.blockedAddressList': 'L' } });
  step('settings.reset', { partnerId: 1, keys: ['network.blockedPool'] });
  const north = step('partners.create', { name: 'North' });
  step('partners.update', { id: north.id, name: 'North ISP' });
  step('settings.update', { partnerId: north.id, values: { 'network.blockingMethod': 'reject' } });
  step('customers.update', { id: s3.customerId, partnerId: north.id });
  step('customers.update', { id: s3.customerId, status: 'active' });
  step('customers.update', { id: s1.customerId, portalPassword: 'new-portal' });
  // plans, routers, pools
  step('plans.update', { id: pA.id, downloadKbps: 15000 });
  step('routers.save', { id: router.id, title: 'core', address: '127.0.0.1', bindMacs: true });
  step('ipv4.saveNetwork', { network: '10.9.0.0/24', kind: 'permanent' });
  step('ipv4.savePool', { id: pool.id, networkId: net.id, title: 'main-2' });
  // money and days: invoices on the billing day, blocking after the due date, unblocking by payment
  step('billing.oneTimeInvoice', { customerId: s1.customerId, lines: [{ description: 'Router', amount: 500 }] });
  step('days.runUntil', { until: '2022-01-01' });
  f.clock.set('2022-01-17');
  step('days.runUntil', { until: '2022-01-17' });
  expect(f.call('customers.get', { id: ids.c_two }).status).toBe('blocked');
  // a bank file pays the blocked customer: the dry run changes nothing, the import unblocks (through billing.addPayment)
  const bankFile = `Date,Amount,Customer number\n2022-01-17,1000.00,${ids.c_two}\n`;
  step('import.preview', { kind: 'payments', csv: bankFile });
  expect(f.call('customers.get', { id: ids.c_two }).status).toBe('blocked');
  step('import.apply', { kind: 'payments', csv: bankFile });
  step('billing.addPayment', { customerId: ids.c_one, amount: 100000 });
  step('billing.addPayment', { customerId: ids.c_three, amount: 100000 });
  // plan changes: one starting tomorrow (the day run switches the login), one cancelled, one today
  const q1 = f.call('changePlan.quote', { serviceId: s3.id, planId: pB.id, start: '2022-01-18' });
  if (!q1.ok) throw new Error(q1.message);
  const change = step('changePlan.apply', { serviceId: s3.id, planId: pB.id, start: '2022-01-18', fingerprint: q1.fingerprint });
  step('changePlan.cancel', { planChangeId: change.id });
  const q2 = f.call('changePlan.quote', { serviceId: s3.id, planId: pB.id, start: '2022-01-18' });
  if (!q2.ok) throw new Error(q2.message);
  step('changePlan.apply', { serviceId: s3.id, planId: pB.id, start: '2022-01-18', fingerprint: q2.fingerprint });
  f.clock.set('2022-01-18');
  step('days.runUntil', { until: '2022-01-18' });
  // RADIUS accounting read back (sessions and daily traffic only: no answer may move)
  step('sessions.import', {});
  // bulk change A → B for the rest, undone, then applied
  const preview = step('bulk.preview', { fromPlanId: pA.id, toPlanId: pB.id, start: '2022-01-18' });
  const items = f.call('bulk.items', { batchId: preview.batchId }).rows;
  step('bulk.exclude', { batchId: preview.batchId, itemIds: [items[0].id], excluded: true });
  step('bulk.exclude', { batchId: preview.batchId, itemIds: [items[0].id], excluded: false });
  step('bulk.applyChunk', { batchId: preview.batchId });
  step('bulk.retryFailed', { batchId: preview.batchId });
  const other = step('bulk.preview', { fromPlanId: pB.id, toPlanId: pA.id, start: '2022-01-25' });
  step('bulk.discard', { batchId: other.batchId });
  const later = step('bulk.preview', { fromPlanId: pB.id, toPlanId: pA.id, start: '2022-01-25' });
  step('bulk.applyChunk', { batchId: later.batchId });
  step('bulk.undo', { batchId: later.batchId });
  // tickets and the portal
  const t = step('tickets.create', { customerId: ids.c_one, subject: 'Slow', message: 'slow line' });
  step('tickets.reply', { ticketId: t.id, body: 'looking' });
  step('tickets.assign', { ticketId: t.id, assignee: 'Ann' });
  step('tickets.setStatus', { ticketId: t.id, status: 'resolved' });
  step('portal.open', { customerId: ids.c_two });
  const current = (customerId: number) => f.call('services.listForCustomer', { customerId }).find((s) => s.status === 'active')!;
  const two = current(ids.c_two);
  const req = step('portal.requestChange', { serviceId: two.id, planId: pA.id, start: '2022-01-18' }, portalOf(ids.c_two));
  step('tickets.approveChange', { ticketId: req.id }, f.ctx);
  step('tickets.approveChange', { ticketId: req.id, fingerprint: f.call('tickets.get', { id: req.id }).planChangeRequest?.quote?.fingerprint ?? null }, f.ctx);
  const one = current(ids.c_one);
  // A request staff decline changes nothing on the network.
  const declined = step('portal.requestChange', { serviceId: one.id, planId: pA.id, start: '2022-01-19' }, portalOf(ids.c_one));
  step('tickets.declineChange', { ticketId: declined.id, message: 'Not this month, sorry' });
  const sq = f.call('portal.changeQuote', { serviceId: one.id, planId: pA.id, start: '2022-01-18' }, portalOf(ids.c_one));
  if (sq.ok) step('portal.selfChange', { serviceId: one.id, planId: pA.id, start: '2022-01-18', fingerprint: sq.fingerprint }, portalOf(ids.c_one));
  step('portal.updateProfile', { email: 'one@example.com' }, portalOf(ids.c_one));
  const pt = step('portal.createTicket', { subject: 'Hi', message: 'hello' }, portalOf(ids.c_one));
  step('portal.replyTicket', { ticketId: pt.id, body: 'again' }, portalOf(ids.c_one));
  step('portal.signOut', {}, portalOf(ids.c_one));
  // customers imported from a file: new logins (nothing online changes), written by customers.create / services.add
  step('import.apply', { kind: 'customers', csv: `Name,Status,Plan,Start date,Login\nImported,active,A,2022-01-18,imported-one\n` });
  // backups: a restore brings back older answers — the routers hear of each changed online login
  step('backup.configure', { folder: null, keep: 14 });
  const backup = step('backup.now', {});
  step('customers.update', { id: ids.c_two, status: 'blocked' });
  step('plans.update', { id: pB.id, downloadKbps: 99000 });
  step('backup.restore', { file: backup.name });
  // The story above changes online answers many times (the oracle decided how many): the check had work to do.
  expect(lastOutboxId).toBeGreaterThanOrEqual(15);
});

test('every channel that writes is exercised above or cannot change an answer', () => {
  const writing = (Object.keys(contract) as ChannelName[]).filter((c) => !contract[c].readOnly);
  const unaccounted = writing.filter((c) => !exercised.has(c) && !(c in CANNOT_CHANGE_AN_ANSWER));
  expect(unaccounted).toEqual([]);
  expect(exercised.size).toBeGreaterThan(35);
});
