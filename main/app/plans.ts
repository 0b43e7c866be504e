import type { PlanKind, VoiceType } from '../../db/enums';
import type { PlanRow } from '../contract/plans';
import { AppError, fieldError, notFound } from '../contract/errors';
import { audit } from './audit';
import type { AppContext } from './context';
import type { Handler } from './handlers';
import { updateService } from './serviceWrites';
import { allRows, getRow, run } from './prepared';

// Tariff plans (§9): kinds, price and VAT, speeds for Internet, the partners a plan is offered to and the
// plans a customer may switch to in the portal. A price change can follow into existing services (§9.1
// "Update price in existing services" = 'matching', "Force price update" = 'all').

export interface PlanDbRow {
  id: number;
  kind: PlanKind;
  name: string;
  description: string;
  price: number;
  vat_rate_bp: number;
  vat_included: number;
  download_kbps: number | null;
  upload_kbps: number | null;
  voice_type: VoiceType | null;
  enabled: number;
}

export function loadPlan(ctx: AppContext, id: number, field = 'id'): PlanDbRow {
  const row = getRow<PlanDbRow>(ctx.db, `SELECT * FROM plans WHERE id = ?`, id);
  if (!row) throw notFound('Plan', id, field);
  return row;
}

/** Plan rows with their partners, portal targets and service counts, read in three grouped queries. */
function planRows(ctx: AppContext, rows: PlanDbRow[]): PlanRow[] {
  const partners = new Map<number, number[]>();
  const targets = new Map<number, number[]>();
  const counts = new Map<number, number>();
  const push = (m: Map<number, number[]>, k: number, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const r of allRows<{ plan_id: number; partner_id: number }>(ctx.db, `SELECT plan_id, partner_id FROM plan_partners ORDER BY partner_id`))
    push(partners, r.plan_id, r.partner_id);
  for (const r of allRows<{ plan_id: number; target_plan_id: number }>(ctx.db, `SELECT plan_id, target_plan_id FROM plan_portal_targets ORDER BY target_plan_id`))
    push(targets, r.plan_id, r.target_plan_id);
  for (const r of allRows<{ plan_id: number; n: number }>(ctx.db, `SELECT plan_id, count(*) AS n FROM services WHERE status <> 'archived' GROUP BY plan_id`))
    counts.set(r.plan_id, r.n);
  return rows.map((p) => ({
    id: p.id,
    kind: p.kind,
    name: p.name,
    description: p.description,
    price: p.price,
    vatRateBp: p.vat_rate_bp,
    vatIncluded: p.vat_included === 1,
    enabled: p.enabled === 1,
    downloadKbps: p.download_kbps,
    uploadKbps: p.upload_kbps,
    voiceType: p.voice_type,
    partnerIds: partners.get(p.id) ?? [],
    portalTargetIds: targets.get(p.id) ?? [],
    serviceCount: counts.get(p.id) ?? 0,
  }));
}

export const planRow = (ctx: AppContext, id: number): PlanRow => planRows(ctx, [loadPlan(ctx, id)])[0];

/** A plan is offered to the customer's partner when it names no partners or names that one. */
export function planAvailableTo(ctx: AppContext, planId: number, partnerId: number): boolean {
  const r = getRow<{ any_rows: number; mine: number }>(
    ctx.db,
    `SELECT count(*) AS any_rows, coalesce(sum(partner_id = ?), 0) AS mine FROM plan_partners WHERE plan_id = ?`,
    partnerId,
    planId,
  )!;
  return r.any_rows === 0 || r.mine > 0;
}

/** A plan as validated and written: its row without what the database derives (id, service count). */
type PlanDraft = Omit<PlanRow, 'id' | 'serviceCount'>;

function validate(ctx: AppContext, d: PlanDraft, selfId: number | null): void {
  const other = getRow<{ id: number }>(ctx.db, `SELECT id FROM plans WHERE kind = ? AND name = ? COLLATE NOCASE AND id IS NOT ?`, d.kind, d.name, selfId);
  if (other) throw new AppError('CONFLICT', `There is already a ${d.kind} plan named "${d.name}" (#${other.id})`, { name: `is already used by ${d.kind} plan #${other.id}` });
  if (d.kind !== 'internet' && d.downloadKbps !== null) throw fieldError('downloadKbps', 'speeds belong to Internet plans only');
  if (d.kind !== 'internet' && d.uploadKbps !== null) throw fieldError('uploadKbps', 'speeds belong to Internet plans only');
  if (d.kind !== 'voice' && d.voiceType !== null) throw fieldError('voiceType', 'the type belongs to Voice plans only');
  for (const p of d.partnerIds)
    if (!getRow(ctx.db, `SELECT 1 FROM partners WHERE id = ?`, p)) throw fieldError('partnerIds', `partner ${p} not found`);
  for (const t of d.portalTargetIds) {
    if (t === selfId) throw fieldError('portalTargetIds', 'a plan cannot be its own portal target');
    const target = getRow<{ kind: PlanKind; name: string }>(ctx.db, `SELECT kind, name FROM plans WHERE id = ?`, t);
    if (!target) throw fieldError('portalTargetIds', `plan ${t} not found`);
    if (target.kind !== d.kind) throw fieldError('portalTargetIds', `"${target.name}" is a ${target.kind} plan; portal targets must be ${d.kind} plans`);
  }
}

function writeLinks(ctx: AppContext, planId: number, d: PlanDraft): void {
  run(ctx.db, `DELETE FROM plan_partners WHERE plan_id = ?`, planId);
  for (const p of new Set(d.partnerIds)) run(ctx.db, `INSERT INTO plan_partners (plan_id, partner_id) VALUES (?, ?)`, planId, p);
  run(ctx.db, `DELETE FROM plan_portal_targets WHERE plan_id = ?`, planId);
  for (const t of new Set(d.portalTargetIds)) run(ctx.db, `INSERT INTO plan_portal_targets (plan_id, target_plan_id) VALUES (?, ?)`, planId, t);
}

const columns = (d: PlanDraft) => [
  d.kind,
  d.name,
  d.description,
  d.price,
  d.vatRateBp,
  d.vatIncluded ? 1 : 0,
  d.downloadKbps,
  d.uploadKbps,
  d.voiceType,
  d.enabled ? 1 : 0,
];

const create: Handler<'plans.create'> = (ctx, input) =>
  ctx.db.transaction(() => {
    validate(ctx, input, null);
    const id = Number(
      run(
        ctx.db,
        `INSERT INTO plans (kind, name, description, price, vat_rate_bp, vat_included, download_kbps, upload_kbps, voice_type, enabled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...columns(input),
      ).lastInsertRowid,
    );
    writeLinks(ctx, id, input);
    const after = planRow(ctx, id);
    audit(ctx, { entity: 'plan', entityId: id, customerId: null, action: 'create', after });
    return after;
  });

const update: Handler<'plans.update'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const before = planRow(ctx, input.id);
    const d: PlanDraft = {
      kind: before.kind,
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      price: input.price ?? before.price,
      vatRateBp: input.vatRateBp ?? before.vatRateBp,
      vatIncluded: input.vatIncluded ?? before.vatIncluded,
      enabled: input.enabled ?? before.enabled,
      downloadKbps: input.downloadKbps === undefined ? before.downloadKbps : input.downloadKbps,
      uploadKbps: input.uploadKbps === undefined ? before.uploadKbps : input.uploadKbps,
      voiceType: input.voiceType === undefined ? before.voiceType : input.voiceType,
      partnerIds: input.partnerIds ?? before.partnerIds,
      portalTargetIds: input.portalTargetIds ?? before.portalTargetIds,
    };
    validate(ctx, d, before.id);
    run(
      ctx.db,
      `UPDATE plans SET kind = ?, name = ?, description = ?, price = ?, vat_rate_bp = ?, vat_included = ?, download_kbps = ?,
         upload_kbps = ?, voice_type = ?, enabled = ? WHERE id = ?`,
      ...columns(d),
      before.id,
    );
    writeLinks(ctx, before.id, d);
    const servicesRepriced = d.price !== before.price ? repriceServices(ctx, before.id, before.price, d.price, input.updateServicePrice) : 0;
    const after = planRow(ctx, before.id);
    audit(ctx, { entity: 'plan', entityId: before.id, customerId: null, action: 'update', before, after: { ...after, servicesRepriced } });
    return { ...after, servicesRepriced };
  });

/**
 * The plan's new price into its services: 'matching' only where the service still has the old plan price
 * (a custom price stays), 'all' everywhere. Archived services are history and keep theirs. Each service
 * gets its own audit entry so the customer's log shows it.
 */
function repriceServices(ctx: AppContext, planId: number, oldPrice: number, newPrice: number, mode: 'none' | 'matching' | 'all'): number {
  if (mode === 'none') return 0;
  const services = allRows<{ id: number; customer_id: number; unit_price: number }>(
    ctx.db,
    `SELECT id, customer_id, unit_price FROM services WHERE plan_id = ? AND status <> 'archived' AND unit_price <> ? AND (? OR unit_price = ?) ORDER BY id`,
    planId,
    newPrice,
    mode === 'all' ? 1 : 0,
    oldPrice,
  );
  for (const s of services) {
    updateService(ctx, s.id, { unit_price: newPrice });
    audit(ctx, {
      entity: 'service',
      entityId: s.id,
      customerId: s.customer_id,
      action: `reprice (plan #${planId} price ${mode === 'all' ? 'forced' : 'updated'})`,
      before: { unitPrice: s.unit_price },
      after: { unitPrice: newPrice },
    });
  }
  return services.length;
}

const list: Handler<'plans.list'> = (ctx, input) =>
  planRows(
    ctx,
    allRows<PlanDbRow>(
      ctx.db,
      `SELECT * FROM plans WHERE (? IS NULL OR kind = ?) AND (? OR enabled = 1) ORDER BY kind, name COLLATE NOCASE, id`,
      input.kind,
      input.kind,
      input.includeDisabled ? 1 : 0,
    ),
  );

export const planHandlers = {
  'plans.list': list,
  'plans.get': (ctx, input) => planRow(ctx, input.id),
  'plans.create': create,
  'plans.update': update,
} satisfies { [K in 'plans.list' | 'plans.get' | 'plans.create' | 'plans.update']: Handler<K> };
