import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { call } from '../main/app/dispatch';
import { setPapPassword } from '../main/app/passwords';
import { startOutboxSender } from '../main/radius/outbox';
import { accessRequest, CODE, decodePacket, response } from '../main/radius/packet';
import { FREERADIUS, requireFreeRadius, startRadius, statusCheck } from '../main/radius/server';
import { figure, machine, median, percentile, round, type Figure } from './figures';

// `npm run bench:radius [-- --customers N] [--quick]` (also run at the end of `npm run bench`), issue 16 item 9:
// - authentication rate of the real FreeRADIUS answering from the keyed tables of an N-customer database, as a ratio
//   to the same FreeRADIUS answering the same logins from a static `users` file, same run: per CPU second of each
//   server (budget ≥ 0.5) and in wall time (rounds in pairs after a warm-up, the median pair);
// - p95 latency of one Access-Request at a time;
// - the delay from a status change (through dispatch) to its Disconnect-Request arriving at the router.
// Writes bench/radius-results.json (not committed, like bench/results.json). Never a test.

const HERE = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { customers: { type: 'string', default: '100000' }, quick: { type: 'boolean', default: false } }, strict: false });
const N = Number(args.customers);
const QUICK = args.quick === true;
const AUTHS = QUICK ? 5000 : 10000; // per round and server
const ROUNDS = QUICK ? 3 : 5;
const SECRET = 'bench-secret';
const log = (s: string) => process.stderr.write(`${s}\n`);

// bench/run.ts ended without letting the rounds run (an error): stop, FreeRADIUS with it (its exit handlers).
let released = false;
if (process.send) process.once('disconnect', () => released || process.exit(1));

requireFreeRadius({ radclient: true });
const dir = mkdtempSync(join(tmpdir(), 'isp-bench-radius-'));
const dbFile = join(dir, 'isp.sqlite');

// --------------------------------------------------------------------------------------------- the database
log(`radius bench: ${N} customers with one Internet service each`);
const db = openDatabase(dbFile);
const ctx = { db, clock: { today: () => '2025-07-01' }, actor: { kind: 'staff' as const, name: 'bench' } };
const planId = call(ctx, 'plans.create', { kind: 'internet', name: 'Fiber', price: 10000, downloadKbps: 100000, uploadKbps: 20000 }).id;
call(ctx, 'ipv4.saveNetwork', { network: '10.0.0.0/8', kind: 'permanent' });
// Bulk rows straight into the tables (one transaction): the generator's speed is not what is measured here.
db.sqlite.transaction(() => {
  const c = db.sqlite.prepare(`INSERT INTO customers (name, status, created_on) VALUES (?, 'active', '2025-01-01')`);
  const s = db.sqlite.prepare(
    `INSERT INTO services (customer_id, kind, plan_id, description, unit_price, start_date, status, login, password, ipv4_method, ipv4, created_on)
     VALUES (?, 'internet', ?, 'Fiber', 10000, '2025-01-01', 'active', ?, ?, 'permanent', ?, '2025-01-01')`,
  );
  for (let i = 1; i <= N; i++) {
    const id = Number(c.run(`Customer ${i}`).lastInsertRowid);
    // one in ten takes the customer's portal password (SSHA2-512), like a real ISP's mix
    const own = i % 10 !== 0;
    s.run(id, planId, `u${i}`, own ? `p${i}` : null, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    if (!own) setPapPassword(db, id, `p${i}`);
  }
})();
db.transaction(() => undefined); // settles every login: what FreeRADIUS reads is written (not measured)
db.sqlite.exec('ANALYZE');

// The same logins for both servers, in files of CHUNK requests: radclient walks its whole list for every packet it
// sends, so one file of 20 000 requests costs it 5 s of CPU (22 s of wall time on 2 cores) and the client, not the
// server, sets the pace; at 1 000 a file it stays a small, equal share of both runs.
const users = Array.from({ length: AUTHS }, (_, k) => 1 + ((k * 7919) % N));
const CHUNK = 1000;
const requestFiles: string[] = [];
for (let at = 0; at < AUTHS; at += CHUNK) {
  const file = join(dir, `requests-${at}.txt`);
  writeFileSync(file, users.slice(at, at + CHUNK).map((i) => `User-Name = "u${i}"\nUser-Password = "p${i}"\n`).join('\n'));
  requestFiles.push(file);
}
const IN_FLIGHT = 100;

function radclientRun(port: number, file: string): Promise<{ accepted: number; rejected: number; lost: number }> {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/radclient', ['-s', '-q', '-r', '3', '-t', '5', '-p', String(IN_FLIGHT), '-f', file, `127.0.0.1:${port}`, 'auth', SECRET], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', () => {
      const n = (label: string) => Number(new RegExp(`${label}\\s*:\\s*(\\d+)`).exec(out)?.[1] ?? NaN);
      done({ accepted: n('Accepted'), rejected: n('Rejected'), lost: n('Lost') });
    });
  });
}

/** CPU time (user + system, every thread) of a process so far, in ms: what the server itself spent. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100 on Linux)
}

interface Round {
  ms: number;
  cpuMs: number;
  accepted: number;
  rejected: number;
  lost: number;
}

/** Every login once, file after file, at IN_FLIGHT requests in flight: wall time and the server's CPU time. */
async function measureRound(server: { port: number; pid: number }): Promise<Round> {
  const cpu0 = cpuMs(server.pid);
  const t0 = performance.now();
  const r = { accepted: 0, rejected: 0, lost: 0 };
  for (const file of requestFiles) {
    const got = await radclientRun(server.port, file);
    r.accepted += got.accepted;
    r.rejected += got.rejected;
    r.lost += got.lost;
  }
  return { ms: performance.now() - t0, cpuMs: cpuMs(server.pid) - cpu0, ...r };
}

/** One request at a time, each round trip timed. */
async function latencies(port: number, count: number): Promise<number[]> {
  const sock = createSocket('udp4');
  await new Promise<void>((done) => sock.bind(0, '127.0.0.1', () => done()));
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = users[k % users.length];
    const { packet } = accessRequest(k & 255, SECRET, `u${i}`, `p${i}`);
    const t0 = performance.now();
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('no answer')), 5000);
      sock.once('message', (msg) => {
        clearTimeout(timer);
        const p = decodePacket(msg);
        if (p?.code !== CODE.accessAccept) return fail(new Error(`u${i}: answered ${p?.code}`));
        done();
      });
      sock.send(packet, port, '127.0.0.1');
    });
    out.push(performance.now() - t0);
  }
  sock.close();
  return out;
}

const freePort = async () => {
  for (let p = 20000 + Math.floor(Math.random() * 20000); ; p += 2) if (!(await statusCheck(p, SECRET, 50))) return p;
};

const figures: Figure[] = [];
// --------------------------------------------------------------------------------------------- sql (our tables)
const sqlServer = await startRadius({ dbFile, port: await freePort(), secret: SECRET });
// ----------------------------------------------------------------------------- the same server from a users file
// The same logins, passwords and reply attributes as a static users file.
const usersDir = mkdtempSync(join(tmpdir(), 'isp-bench-users-'));
{
  const rows = db.sqlite
    .prepare(`SELECT login, password, ipv4, customer_id FROM services WHERE login IS NOT NULL`)
    .all() as { login: string; password: string | null; ipv4: string; customer_id: number }[];
  writeFileSync(
    join(usersDir, 'users'),
    rows
      .map((r) => `${r.login} Cleartext-Password := "${r.password ?? `p${r.login.slice(1)}`}"\n\tFramed-IP-Address = ${r.ipv4},\n\tMikrotik-Rate-Limit = "20000k/100000k"\n`)
      .join('\n'),
  );
}
const usersServer = await (async () => {
  // The same generated configuration (threads, pool, modules) with the sql lookup replaced by the `files` module
  // over that users file. Both servers run side by side, idle while the other is measured.
  const port = await freePort();
  const cfgDir = mkdtempSync(join(tmpdir(), 'isp-bench-cfg-'));
  const { writeRadiusConfig } = await import('../main/radius/config');
  writeRadiusConfig(db.sqlite, { dbFile, port, listen: '127.0.0.1', localSecret: SECRET }, cfgDir);
  const conf = readFileSync(join(cfgDir, 'radiusd.conf'), 'utf8')
    .replace('\t\tchap\n\t\tsql\n', '\t\tchap\n\t\tfiles\n')
    .replace('modules {\n', `modules {\n\tfiles {\n\t\tfilename = ${join(usersDir, 'users')}\n\t}\n`);
  writeFileSync(join(cfgDir, 'radiusd.conf'), conf);
  const child = spawn(FREERADIUS, ['-f', '-d', cfgDir], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGTERM'));
  for (let k = 0; k < 600 && !(await statusCheck(port, SECRET, 300)); k++) await new Promise((r) => setTimeout(r, 100));
  return { port, pid: child.pid!, stop: () => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))), cfgDir };
})();
const sql = { port: sqlServer.port, pid: sqlServer.process.pid! };

// Started by bench/run.ts (an IPC channel): ready while the main benchmark generates its ISP; the rounds wait until its
// sections are done, so nothing measured here runs beside them.
if (process.send) {
  process.send('ready');
  await new Promise<void>((go) => process.once('message', () => go()));
  released = true;
  process.disconnect();
}

// Warm-up (connections, threads, page caches), then rounds in pairs, database first and users file right after: each
// pair's ratio is taken at one moment of a shared machine's load, and the median pair is reported.
log(`radius bench: warm-up, then ${ROUNDS} rounds of ${AUTHS} auths on each server, ${IN_FLIGHT} in flight`);
await measureRound(sql);
await measureRound(usersServer);
const pairs: { sql: Round; users: Round }[] = [];
for (let k = 0; k < ROUNDS; k++) pairs.push({ sql: await measureRound(sql), users: await measureRound(usersServer) });
const sqlLat = await latencies(sql.port, QUICK ? 1000 : 3000);
const usersLat = await latencies(usersServer.port, QUICK ? 1000 : 3000);
await sqlServer.stop();
await usersServer.stop();
rmSync(usersServer.cfgDir, { recursive: true, force: true });
rmSync(usersDir, { recursive: true, force: true });

const rate = (r: Round) => (AUTHS / r.ms) * 1000;
const cpuPerAuthUs = (rs: Round[]) => (rs.reduce((a, r) => a + r.cpuMs, 0) / (rs.length * AUTHS)) * 1000;
const total = (rs: Round[], key: 'accepted' | 'rejected' | 'lost') => rs.reduce((a, r) => a + r[key], 0);
const sqlRounds = pairs.map((p) => p.sql);
const usersRounds = pairs.map((p) => p.users);
const sqlCpu = cpuPerAuthUs(sqlRounds);
const usersCpu = cpuPerAuthUs(usersRounds);
const ratios = pairs.map((p) => rate(p.sql) / rate(p.users));
const ratio = median(ratios);
const answered = total(sqlRounds, 'accepted') === ROUNDS * AUTHS && total(usersRounds, 'accepted') === ROUNDS * AUTHS;
figures.push(
  figure(`RADIUS auths per second, from the ISP database (${IN_FLIGHT} in flight, median of ${ROUNDS})`, median(sqlRounds.map(rate)), '/s', null,
    `${total(sqlRounds, 'accepted')} accepted, ${total(sqlRounds, 'rejected')} rejected, ${total(sqlRounds, 'lost')} lost of ${ROUNDS * AUTHS}; server CPU ${round(sqlCpu, 1)} µs per auth`),
);
figures.push(
  figure(`RADIUS auths per second, from a static users file (same server, same logins, median of ${ROUNDS})`, median(usersRounds.map(rate)), '/s', null,
    `${total(usersRounds, 'accepted')} accepted of ${ROUNDS * AUTHS}; server CPU ${round(usersCpu, 1)} µs per auth`),
);
// The budget is on the servers' own CPU time (auths per CPU second, database ÷ users file): what a server can answer
// when a storm keeps it busy. The wall-time ratio moves with the neighbours' load — on a shared 2-core machine each
// server gets the share of the CPU its thread count wins from the scheduler — and is printed beside it.
const cpuRatio = usersCpu / sqlCpu;
figures.push({
  ...figure('auth rate ratio database ÷ users file, per CPU second of the server', cpuRatio, '×', null),
  budget: 0.5,
  ok: cpuRatio >= 0.5 && answered,
  note: `budget: at least 0.5; ${round(sqlCpu, 1)} ÷ ${round(usersCpu, 1)} µs per auth over ${ROUNDS} rounds`,
});
figures.push(figure('auth rate ratio database ÷ users file, wall time', ratio, '×', null, `median of ${ROUNDS} pairs (${ratios.map((r) => round(r)).join(', ')})`));
figures.push(figure('auth latency p95, one at a time, from the ISP database', percentile(sqlLat, 95), 'ms', null, `users file: ${round(percentile(usersLat, 95))} ms`));

// --------------------------------------------------------------------------------- status change → Disconnect
const router = createSocket('udp4');
await new Promise<void>((done) => router.bind(0, '127.0.0.1', () => done()));
let arrived: (() => void) | null = null;
// The router answers each request as a real one does (Disconnect-/CoA-ACK, signed): a silent router would make every
// send wait out its timeout, and the next status change would queue behind it (the p95 read the 200 ms timeout).
router.on('message', (msg, from) => {
  arrived?.();
  const p = decodePacket(msg);
  if (p) router.send(response(p.code === CODE.coaRequest ? CODE.coaAck : CODE.disconnectAck, p.id, p.authenticator, SECRET), from.port, from.address);
});
const routerId = call(ctx, 'routers.save', { title: 'bench', nasIp: '127.0.0.1', authMethod: 'pppRadius', secret: SECRET, coaPort: router.address().port }).id;
const probe = call(ctx, 'services.get', { id: 1 });
const { ipv4PoolName: _p, routerName: _r, ...net } = probe.internet!;
call(ctx, 'services.update', { id: 1, internet: { ...net, routerId } });
const sender = startOutboxSender(db, { timeoutMs: 200 });
const delays: number[] = [];
for (let k = 0; k < (QUICK ? 10 : 30); k++) {
  const got = new Promise<void>((done) => (arrived = done));
  const t0 = performance.now();
  call(ctx, 'services.scheduleStatus', { serviceId: 1, status: 'disabled', on: '2025-07-01' });
  await got;
  delays.push(performance.now() - t0);
  call(ctx, 'services.scheduleStatus', { serviceId: 1, status: 'active', on: '2025-07-01' });
}
await sender.stop();
router.close();
figures.push(figure('status change → its Disconnect-Request at the router, p95', percentile(delays, 95), 'ms', null, `median ${round(percentile(delays, 50))} ms`));

db.close();
rmSync(dir, { recursive: true, force: true });

for (const f of figures) console.log(`${f.ok ? 'ok  ' : 'OVER'} ${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
writeFileSync(join(HERE, 'radius-results.json'), `${JSON.stringify({ when: new Date().toISOString(), customers: N, quick: QUICK, auths: AUTHS, rounds: ROUNDS, machine: machine(), figures }, null, 2)}\n`);
process.exitCode = figures.every((f) => f.ok) ? 0 : 1;
