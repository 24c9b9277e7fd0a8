// Replenishment: reorder rules with a min and a max per hub and product, and the check that
// raises purchase orders.
//
// Rule storage: `reorder_point` is the min; the max (order-up-to level) is reorder_point +
// reorder_quantity, the classic (s, S) policy with S = s + Q. The API speaks min/max.
//
// The check, for one (hub, product) with an enabled rule:
//   available = on_hand − reserved;  open = units on open POs (draft/sent/confirmed/shipped) not yet received
//   projected = available + open
//   if available < min and no PO is open for this hub and product: raise a PO for (max − projected),
//   sent at once to the rule's supplier (the `purchase_order.sent` event reaches its webhook);
//   products due at the same time share one PO per supplier and currency.
// The rule row is locked first (SELECT … FOR UPDATE), so two concurrent checks for the same hub and
// product cannot both raise a PO.
//
// When it runs: right after the event, from the outbox relay (order.allocated, stock.adjusted,
// purchase_order.cancelled; see outbox-reactions.ts), in the relay's transaction, not in the
// transaction that reserves stock: order intake stays as short as it is, and the relay's claim of
// the event and the PO it raises commit together. `runReplenishment` sweeps every rule (operator
// endpoint and the periodic sweep), catching changes that raised no event.
import type { Page, PageRequest, ReorderRuleFilter, ReorderRuleRow, Repos } from '../store/index.js';
import { SYSTEM_ACTOR, actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';
import { OPEN_PURCHASE_ORDER_STATES } from './purchase-order-states.js';
import { insertPurchaseOrder, type PurchaseOrderView } from './purchase-orders.js';

export interface ReorderRuleView {
  rule: ReorderRuleRow;
  min: number;
  max: number;
}

export const ruleView = (rule: ReorderRuleRow): ReorderRuleView => ({ rule, min: rule.reorderPoint, max: rule.reorderPoint + rule.reorderQuantity });

function checkMinMax(min: number, max: number): void {
  if (!(min >= 0 && max > min)) throw new DomainError('validation_failed', `max (${max}) must be greater than min (${min})`, { in: 'body', min, max });
}

export interface ReorderRuleInput {
  hubId: string;
  sku: string;
  supplierId: string;
  min: number;
  max: number;
  unitCostMinor: number;
  enabled?: boolean;
}

export async function createReorderRule(ctx: DomainContext, input: ReorderRuleInput): Promise<ReorderRuleView> {
  checkMinMax(input.min, input.max);
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.hubs.get(input.hubId))) throw new DomainError('unknown_hub', `hub ${input.hubId} does not exist`, { hubId: input.hubId });
    const product = await tx.products.getBySku(input.sku);
    if (!product) throw new DomainError('unknown_sku', `unknown SKU: ${input.sku}`, { skus: [input.sku] });
    if (!(await tx.suppliers.get(input.supplierId))) throw new DomainError('unknown_supplier', `supplier ${input.supplierId} does not exist`, { supplierId: input.supplierId });
    if (await tx.reorderRules.lockFor(input.hubId, product.id)) {
      throw new DomainError('conflict', `hub ${input.hubId} already has a reorder rule for ${input.sku}; update it instead`, { hubId: input.hubId, sku: input.sku });
    }
    const rule: ReorderRuleRow = {
      id: ctx.ids.next('rr'),
      hubId: input.hubId,
      productId: product.id,
      supplierId: input.supplierId,
      reorderPoint: input.min,
      reorderQuantity: input.max - input.min,
      unitCostMinor: input.unitCostMinor,
      enabled: input.enabled ?? true,
      createdAt: nowS(ctx),
    };
    await tx.suppliers.insertRule(rule);
    return ruleView(rule);
  });
}

export interface ReorderRulePatch {
  min?: number;
  max?: number;
  unitCostMinor?: number;
  enabled?: boolean;
  supplierId?: string;
}

export async function updateReorderRule(ctx: DomainContext, id: string, patch: ReorderRulePatch): Promise<ReorderRuleView> {
  return ctx.store.transaction(async (tx) => {
    const current = await tx.reorderRules.get(id);
    if (!current) throw notFound('reorder_rule', id);
    const min = patch.min ?? current.reorderPoint;
    const max = patch.max ?? current.reorderPoint + current.reorderQuantity;
    checkMinMax(min, max);
    if (patch.supplierId && !(await tx.suppliers.get(patch.supplierId))) {
      throw new DomainError('unknown_supplier', `supplier ${patch.supplierId} does not exist`, { supplierId: patch.supplierId });
    }
    const row = await tx.reorderRules.update(id, {
      reorderPoint: min,
      reorderQuantity: max - min,
      ...(patch.unitCostMinor !== undefined ? { unitCostMinor: patch.unitCostMinor } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.supplierId ? { supplierId: patch.supplierId } : {}),
    });
    return ruleView(row!);
  });
}

export async function listReorderRules(ctx: DomainContext, filter: ReorderRuleFilter, page: PageRequest): Promise<Page<ReorderRuleRow>> {
  return ctx.store.repos.reorderRules.list(filter, page);
}

export interface ReplenishmentDecision {
  hubId: string;
  productId: string;
  available: number;
  open: number;
  projected: number;
  min: number;
  max: number;
  /** What happened: a PO was raised, or why not. */
  outcome: 'raised' | 'above_min' | 'po_open' | 'rule_disabled' | 'no_rule';
  purchaseOrderId?: string;
  quantity?: number;
}

/**
 * Checks the given products at one hub inside `tx` and raises (and sends) purchase orders where
 * needed: one PO per supplier, one line per product that needs it.
 */
export async function checkReplenishmentTx(ctx: DomainContext, tx: Repos, hubId: string, productIds: string[], actor: Actor = SYSTEM_ACTOR): Promise<ReplenishmentDecision[]> {
  const decisions: ReplenishmentDecision[] = [];
  const toOrder = new Map<string, Array<{ productId: string; quantity: number; unitCostMinor: number; decision: ReplenishmentDecision }>>();
  // Rules are locked in product-id order (the same order everywhere); rules, stock and open
  // purchase orders of all the products are read in one statement each.
  const ids = [...new Set(productIds)].sort();
  const rules = new Map((await tx.reorderRules.lockForMany(hubId, ids)).map((r) => [r.productId, r]));
  const stocks = new Map((await tx.stock.atHub(hubId, ids)).map((r) => [r.productId, r]));
  const opens = await tx.purchaseOrders.openQuantities(hubId, ids, OPEN_PURCHASE_ORDER_STATES);
  for (const productId of ids) {
    const rule = rules.get(productId);
    const base = { hubId, productId, available: 0, open: 0, projected: 0, min: 0, max: 0 };
    if (!rule) {
      decisions.push({ ...base, outcome: 'no_rule' });
      continue;
    }
    const { min, max } = ruleView(rule);
    const stock = stocks.get(productId);
    const available = stock ? stock.onHand - stock.reserved : 0;
    const open = opens.get(productId)!;
    const d: ReplenishmentDecision = { ...base, available, open: open.quantity, projected: available + open.quantity, min, max, outcome: 'above_min' };
    decisions.push(d);
    if (!rule.enabled) d.outcome = 'rule_disabled';
    else if (open.purchaseOrderIds.length > 0) {
      d.outcome = 'po_open';
      d.purchaseOrderId = open.purchaseOrderIds[0];
    } else if (available < min) {
      // One PO per supplier and currency (a PO has one currency).
      const currency = (await tx.products.get(productId))!.currency;
      const key = `${rule.supplierId}|${currency}`;
      const list = toOrder.get(key) ?? [];
      list.push({ productId, quantity: max - d.projected, unitCostMinor: rule.unitCostMinor, decision: d });
      toOrder.set(key, list);
    }
  }
  for (const [key, lines] of toOrder) {
    const supplier = await tx.suppliers.get(key.split('|')[0]!);
    if (!supplier) continue; // the foreign key makes this unreachable
    const products = await Promise.all(lines.map(async (l) => (await tx.products.get(l.productId))!));
    const view: PurchaseOrderView = await insertPurchaseOrder(ctx, tx, actorLabel(actor), {
      supplier,
      hubId,
      lines: lines.map((l, i) => ({ product: products[i]!, quantity: l.quantity, unitCostMinor: l.unitCostMinor })),
      send: true,
      reason: 'replenishment: available below min',
    });
    for (const l of lines) Object.assign(l.decision, { outcome: 'raised', purchaseOrderId: view.po.id, quantity: l.quantity });
  }
  return decisions;
}

/** Checks every rule (of one hub, or all hubs), each hub in its own transaction. */
export async function runReplenishment(ctx: DomainContext, actor: Actor, hubId?: string): Promise<ReplenishmentDecision[]> {
  const rules = hubId ? await ctx.store.repos.reorderRules.forHub(hubId) : await ctx.store.repos.reorderRules.all();
  const byHub = new Map<string, string[]>();
  for (const r of rules) byHub.set(r.hubId, [...(byHub.get(r.hubId) ?? []), r.productId]);
  const out: ReplenishmentDecision[] = [];
  for (const [hub, productIds] of byHub) out.push(...(await ctx.store.transaction((tx) => checkReplenishmentTx(ctx, tx, hub, productIds, actor))));
  return out;
}
