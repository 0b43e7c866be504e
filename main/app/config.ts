import { clearSetting, isSettingKey, resolveSettings, settingOrigins, settingWriteSchema, SETTING_KEYS, writeSetting, type SettingKey } from '../../db/settings';
import { DEFAULT_PARTNER_ID } from '../../db/tables/partners';
import type { Ipv4NetworkRow, Ipv4PoolRow, PartnerRow, PartnerSettings, RouterRow, SettingOrigin } from '../contract/config';
import { AppError, fieldError, notFound } from '../contract/errors';
import { audit } from './audit';
import type { AppContext } from './context';
import type { Handler } from './handlers';
import { contains, hostCount, hostRange, intToIp, ipToInt, overlaps, parseCidr, type Cidr } from './ipv4';
import { allRows, getRow, run } from './prepared';

// Configuration: partners, their settings (Config → Finance / Change plan / Portal), routers and the IPv4
// manager (networks, pools, free addresses for the service dialog).

// ---------------------------------------------------------------------------------------------------------
// partners

function partnerRow(ctx: AppContext, id: number): PartnerRow {
  const r = getRow<{ id: number; name: string; n: number }>(
    ctx.db,
    `SELECT p.id, p.name, (SELECT count(*) FROM customers c WHERE c.partner_id = p.id) AS n FROM partners p WHERE p.id = ?`,
    id,
  );
  if (!r) throw notFound('Partner', id, 'id');
  return { id: r.id, name: r.name, isDefault: r.id === DEFAULT_PARTNER_ID, customerCount: r.n };
}

export function requirePartner(ctx: AppContext, id: number, field = 'partnerId'): void {
  if (!getRow(ctx.db, `SELECT 1 FROM partners WHERE id = ?`, id)) throw notFound('Partner', id, field);
}

function checkPartnerName(ctx: AppContext, name: string, selfId: number | null): void {
  const other = getRow<{ id: number }>(ctx.db, `SELECT id FROM partners WHERE name = ? COLLATE NOCASE AND id IS NOT ?`, name, selfId);
  if (other) throw new AppError('CONFLICT', `A partner named "${name}" already exists (#${other.id})`, { name: 'is already used by another partner' });
}

const partnersList: Handler<'partners.list'> = (ctx, input) =>
  input.customerCounts
    ? allRows<{ id: number; name: string; n: number }>(
        ctx.db,
        `SELECT p.id, p.name, count(c.id) AS n FROM partners p LEFT JOIN customers c ON c.partner_id = p.id GROUP BY p.id ORDER BY p.id`,
      ).map((r) => ({ id: r.id, name: r.name, isDefault: r.id === DEFAULT_PARTNER_ID, customerCount: r.n }))
    : allRows<{ id: number; name: string }>(ctx.db, `SELECT id, name FROM partners ORDER BY id`).map((r) => ({ id: r.id, name: r.name, isDefault: r.id === DEFAULT_PARTNER_ID }));

const partnersCreate: Handler<'partners.create'> = (ctx, input) =>
  ctx.db.transaction(() => {
    checkPartnerName(ctx, input.name, null);
    const id = Number(run(ctx.db, `INSERT INTO partners (name) VALUES (?)`, input.name).lastInsertRowid);
    const after = partnerRow(ctx, id);
    audit(ctx, { entity: 'partner', entityId: id, customerId: null, action: 'create', after });
    return after;
  });

const partnersUpdate: Handler<'partners.update'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const before = partnerRow(ctx, input.id);
    checkPartnerName(ctx, input.name, input.id);
    run(ctx.db, `UPDATE partners SET name = ? WHERE id = ?`, input.name, input.id);
    const after = partnerRow(ctx, input.id);
    audit(ctx, { entity: 'partner', entityId: input.id, customerId: null, action: 'update', before, after });
    return after;
  });

// ---------------------------------------------------------------------------------------------------------
// settings

function partnerSettings(ctx: AppContext, partnerId: number): PartnerSettings {
  requirePartner(ctx, partnerId);
  const values = resolveSettings(ctx.db, partnerId);
  const info = settingOrigins(ctx.db, partnerId);
  const origins: Record<string, SettingOrigin> = {};
  for (const key of SETTING_KEYS) {
    const { origin, differsFromDefault } = info[key];
    // For another partner, 'partner' marks a value that differs from Default's (the `*` and the reset button);
    // an own row equal to Default's shows as Default's.
    origins[key] = partnerId === DEFAULT_PARTNER_ID ? origin : differsFromDefault ? 'partner' : origin === 'partner' ? 'default' : origin;
  }
  return { partnerId, values, origins };
}

const settingsUpdate: Handler<'settings.update'> = (ctx, input) => {
  const fields: Record<string, string> = {};
  const parsed: [SettingKey, unknown][] = [];
  for (const [key, value] of Object.entries(input.values)) {
    if (!isSettingKey(key)) {
      fields[`values.${key}`] = 'is not a setting';
      continue;
    }
    const res = settingWriteSchema(key).safeParse(value);
    if (res.success) parsed.push([key, res.data]);
    else fields[`values.${key}`] = res.error.issues[0]?.message ?? 'is not a valid value';
  }
  if (Object.keys(fields).length)
    throw new AppError('VALIDATION', `Settings not saved — ${Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; ')}`, fields);
  return ctx.db.transaction(() => {
    const before = partnerSettings(ctx, input.partnerId).values as Record<string, unknown>;
    for (const [key, value] of parsed) writeSetting(ctx.db, input.partnerId, key, value as never);
    const after = partnerSettings(ctx, input.partnerId);
    audit(ctx, {
      entity: 'settings',
      entityId: input.partnerId,
      customerId: null,
      action: 'update',
      before: Object.fromEntries(parsed.map(([k]) => [k, before[k]])),
      after: Object.fromEntries(parsed.map(([k]) => [k, (after.values as Record<string, unknown>)[k]])),
    });
    return after;
  });
};

const settingsReset: Handler<'settings.reset'> = (ctx, input) => {
  const fields: Record<string, string> = {};
  input.keys.forEach((key, i) => {
    if (!isSettingKey(key)) fields[`keys.${i}`] = `"${key}" is not a setting`;
  });
  if (Object.keys(fields).length) throw new AppError('VALIDATION', `Settings not reset — ${Object.values(fields).join('; ')}`, fields);
  return ctx.db.transaction(() => {
    const before = partnerSettings(ctx, input.partnerId).values as Record<string, unknown>;
    for (const key of input.keys as SettingKey[]) clearSetting(ctx.db, input.partnerId, key);
    const after = partnerSettings(ctx, input.partnerId);
    audit(ctx, {
      entity: 'settings',
      entityId: input.partnerId,
      customerId: null,
      action: 'reset',
      before: Object.fromEntries(input.keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(input.keys.map((k) => [k, (after.values as Record<string, unknown>)[k]])),
    });
    return after;
  });
};

// ---------------------------------------------------------------------------------------------------------
// routers

interface RouterDbRow {
  id: number;
  name: string;
  address: string;
  description: string;
  type: 'mikrotik';
  auth_method: RouterRow['authMethod'];
  nas_ip: string;
  radius_secret: string;
  coa_port: number;
  bind_macs: number;
}
/** The secret never leaves through a channel, an audit entry or a log line: only whether there is one. */
const routerRow = (r: RouterDbRow): RouterRow => ({
  id: r.id,
  title: r.name,
  address: r.address,
  description: r.description,
  type: r.type,
  authMethod: r.auth_method,
  nasIp: r.nas_ip,
  coaPort: r.coa_port,
  bindMacs: r.bind_macs === 1,
  hasSecret: r.radius_secret !== '',
});

const routersSave: Handler<'routers.save'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const before = input.id === undefined ? undefined : getRow<RouterDbRow>(ctx.db, `SELECT * FROM routers WHERE id = ?`, input.id);
    if (input.id !== undefined && !before) throw notFound('Router', input.id, 'id');
    const other = getRow<{ id: number }>(ctx.db, `SELECT id FROM routers WHERE name = ? COLLATE NOCASE AND id IS NOT ?`, input.title, input.id ?? null);
    if (other) throw new AppError('CONFLICT', `A router named "${input.title}" already exists (#${other.id})`, { title: 'is already used by another router' });
    const v = {
      type: input.type ?? before?.type ?? 'mikrotik',
      authMethod: input.authMethod ?? before?.auth_method ?? 'none',
      nasIp: input.nasIp ?? before?.nas_ip ?? '',
      secret: input.secret || before?.radius_secret || '',
      coaPort: input.coaPort ?? before?.coa_port ?? 3799,
      bindMacs: input.bindMacs ?? before?.bind_macs === 1,
    };
    if (v.authMethod !== 'none') {
      if (!v.nasIp) throw fieldError('nasIp', 'is required when the router authorises through RADIUS');
      if (!v.secret) throw fieldError('secret', 'is required when the router authorises through RADIUS');
    }
    const values = [input.title, input.address, input.description, v.type, v.authMethod, v.nasIp, v.secret, v.coaPort, v.bindMacs ? 1 : 0];
    const id = before
      ? (run(
          ctx.db,
          `UPDATE routers SET name = ?, address = ?, description = ?, type = ?, auth_method = ?, nas_ip = ?, radius_secret = ?, coa_port = ?, bind_macs = ? WHERE id = ?`,
          ...values,
          before.id,
        ),
        before.id)
      : Number(
          run(
            ctx.db,
            `INSERT INTO routers (name, address, description, type, auth_method, nas_ip, radius_secret, coa_port, bind_macs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            ...values,
          ).lastInsertRowid,
        );
    const after = routerRow(getRow<RouterDbRow>(ctx.db, `SELECT * FROM routers WHERE id = ?`, id)!);
    const secretChanged = before !== undefined && !!input.secret && input.secret !== before.radius_secret;
    audit(ctx, {
      entity: 'router',
      entityId: id,
      customerId: null,
      action: before ? (secretChanged ? 'update (RADIUS secret changed)' : 'update') : 'create',
      before: before && routerRow(before),
      after,
    });
    return after;
  });

// ---------------------------------------------------------------------------------------------------------
// IPv4 networks and pools

interface NetworkDbRow {
  id: number;
  network: string;
  kind: 'permanent' | 'dynamic';
  title: string;
}

/** Addresses held by services that are not archived (an archived service frees its IP). */
export function usedAddresses(ctx: AppContext, exceptServiceId: number | null = null): Set<number> {
  const rows = allRows<{ ipv4: string }>(
    ctx.db,
    `SELECT DISTINCT ipv4 FROM services WHERE status <> 'archived' AND ipv4 IS NOT NULL AND ipv4 <> '' AND id IS NOT ?`,
    exceptServiceId,
  );
  const out = new Set<number>();
  for (const r of rows) {
    const n = ipToInt(r.ipv4);
    if (n !== null) out.add(n);
  }
  return out;
}

export function networks(ctx: AppContext): (NetworkDbRow & { cidr: Cidr })[] {
  return allRows<NetworkDbRow>(ctx.db, `SELECT id, network, kind, title FROM ipv4_networks ORDER BY id`).map((n) => ({ ...n, cidr: parseCidr(n.network)! }));
}

function networkRows(ctx: AppContext): Ipv4NetworkRow[] {
  const used = [...usedAddresses(ctx)];
  return networks(ctx).map((n) => {
    const { from, to } = hostRange(n.cidr);
    return { id: n.id, network: n.network, title: n.title, kind: n.kind, size: hostCount(n.cidr), used: used.filter((ip) => ip >= from && ip <= to).length };
  });
}

const saveNetwork: Handler<'ipv4.saveNetwork'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const cidr = parseCidr(input.network);
    if (!cidr) throw fieldError('network', 'must be a network like 10.0.0.0/24');
    if (cidr.base !== cidr.first) throw fieldError('network', `must start at its network address: ${intToIp(cidr.first)}/${cidr.prefix}`);
    const all = networks(ctx);
    const before = input.id === undefined ? undefined : all.find((n) => n.id === input.id);
    if (input.id !== undefined && !before) throw notFound('IPv4 network', input.id, 'id');
    const clash = all.find((n) => n.id !== input.id && overlaps(n.cidr, cidr));
    if (clash) throw new AppError('CONFLICT', `${input.network} overlaps network ${clash.network}`, { network: `overlaps ${clash.network}` });
    if (before) {
      // Services keep their permanent addresses: the network may not move away from them or stop being permanent.
      if (before.kind === 'permanent') {
        const stranded = [...usedAddresses(ctx)].filter((ip) => contains(before.cidr, ip) && (input.kind !== 'permanent' || !contains(cidr, ip)));
        if (stranded.length)
          throw new AppError('REFUSED', `${stranded.length} address(es) of ${before.network} are used by services (e.g. ${intToIp(stranded[0])}); free them first`, {
            network: 'addresses in use would be left outside a permanent network',
          });
      }
      const pools = getRow<{ n: number }>(ctx.db, `SELECT count(*) AS n FROM ipv4_pools WHERE network_id = ?`, before.id)!.n;
      if (pools > 0 && (input.kind !== 'dynamic' || before.network !== input.network))
        throw new AppError('REFUSED', `Network ${before.network} has ${pools} pool(s); remove them before changing the network`, { network: 'has pools' });
      run(ctx.db, `UPDATE ipv4_networks SET network = ?, kind = ?, title = ? WHERE id = ?`, input.network, input.kind, input.title, before.id);
    }
    const id = before ? before.id : Number(run(ctx.db, `INSERT INTO ipv4_networks (network, kind, title) VALUES (?, ?, ?)`, input.network, input.kind, input.title).lastInsertRowid);
    const after = networkRows(ctx).find((n) => n.id === id)!;
    audit(ctx, {
      entity: 'ipv4Network',
      entityId: id,
      customerId: null,
      action: before ? 'update' : 'create',
      before: before && { network: before.network, kind: before.kind, title: before.title },
      after,
    });
    return after;
  });

interface PoolDbRow {
  id: number;
  network_id: number;
  name: string;
  range_from: string;
  range_to: string;
}
const poolRow = (p: PoolDbRow): Ipv4PoolRow => ({ id: p.id, networkId: p.network_id, title: p.name, rangeFrom: p.range_from, rangeTo: p.range_to });

const savePool: Handler<'ipv4.savePool'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const before = input.id === undefined ? undefined : getRow<PoolDbRow>(ctx.db, `SELECT * FROM ipv4_pools WHERE id = ?`, input.id);
    if (input.id !== undefined && !before) throw notFound('IPv4 pool', input.id, 'id');
    const net = networks(ctx).find((n) => n.id === input.networkId);
    if (!net) throw notFound('IPv4 network', input.networkId, 'networkId');
    if (net.kind !== 'dynamic') throw fieldError('networkId', `${net.network} is a permanent network; pools belong to dynamic networks`);
    const hosts = hostRange(net.cidr);
    const from = input.rangeFrom ? ipToInt(input.rangeFrom)! : hosts.from;
    const to = input.rangeTo ? ipToInt(input.rangeTo)! : hosts.to;
    if (from < hosts.from || from > hosts.to) throw fieldError('rangeFrom', `must be a host address of ${net.network}`);
    if (to < hosts.from || to > hosts.to) throw fieldError('rangeTo', `must be a host address of ${net.network}`);
    if (to < from) throw fieldError('rangeTo', `must not be before ${intToIp(from)}`);
    const other = getRow<{ id: number }>(
      ctx.db,
      `SELECT id FROM ipv4_pools WHERE network_id = ? AND name = ? COLLATE NOCASE AND id IS NOT ?`,
      net.id,
      input.title,
      input.id ?? null,
    );
    if (other) throw new AppError('CONFLICT', `Network ${net.network} already has a pool "${input.title}"`, { title: 'is already used in this network' });
    const values = [net.id, input.title, intToIp(from), intToIp(to)];
    const id = before
      ? (run(ctx.db, `UPDATE ipv4_pools SET network_id = ?, name = ?, range_from = ?, range_to = ? WHERE id = ?`, ...values, before.id), before.id)
      : Number(run(ctx.db, `INSERT INTO ipv4_pools (network_id, name, range_from, range_to) VALUES (?, ?, ?, ?)`, ...values).lastInsertRowid);
    const after = poolRow(getRow<PoolDbRow>(ctx.db, `SELECT * FROM ipv4_pools WHERE id = ?`, id)!);
    audit(ctx, { entity: 'ipv4Pool', entityId: id, customerId: null, action: before ? 'update' : 'create', before: before && poolRow(before), after });
    return after;
  });

const freeAddresses: Handler<'ipv4.freeAddresses'> = (ctx, input) => {
  let nets = networks(ctx).filter((n) => n.kind === 'permanent');
  if (input.networkId !== null) {
    const net = networks(ctx).find((n) => n.id === input.networkId);
    if (!net) throw notFound('IPv4 network', input.networkId, 'networkId');
    if (net.kind !== 'permanent') throw fieldError('networkId', `${net.network} is a dynamic network; only permanent networks have addresses to pick`);
    nets = [net];
  }
  const used = usedAddresses(ctx);
  const out: string[] = [];
  for (const n of nets) {
    const { from, to } = hostRange(n.cidr);
    // Bounded by limit + addresses in use, never by the size of the network.
    for (let ip = from; ip <= to && out.length < input.limit; ip++) if (!used.has(ip)) out.push(intToIp(ip));
    if (out.length >= input.limit) break;
  }
  return out;
};

export const configHandlers = {
  'partners.list': partnersList,
  'partners.create': partnersCreate,
  'partners.update': partnersUpdate,
  'settings.get': (ctx, input) => partnerSettings(ctx, input.partnerId),
  'settings.update': settingsUpdate,
  'settings.reset': settingsReset,
  'routers.list': (ctx) => allRows<RouterDbRow>(ctx.db, `SELECT * FROM routers ORDER BY name COLLATE NOCASE, id`).map(routerRow),
  'routers.save': routersSave,
  'ipv4.networks': networkRows,
  'ipv4.saveNetwork': saveNetwork,
  'ipv4.pools': (ctx) => allRows<PoolDbRow>(ctx.db, `SELECT * FROM ipv4_pools ORDER BY network_id, name COLLATE NOCASE, id`).map(poolRow),
  'ipv4.savePool': savePool,
  'ipv4.freeAddresses': freeAddresses,
} satisfies {
  [K in
    | 'partners.list'
    | 'partners.create'
    | 'partners.update'
    | 'settings.get'
    | 'settings.update'
    | 'settings.reset'
    | 'routers.list'
    | 'routers.save'
    | 'ipv4.networks'
    | 'ipv4.saveNetwork'
    | 'ipv4.pools'
    | 'ipv4.savePool'
    | 'ipv4.freeAddresses']: Handler<K>;
};
