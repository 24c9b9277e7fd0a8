// Purchase orders to suppliers: creation (manual, or automatic from replenishment), reads with
// supplier ownership, and lifecycle transitions. Goods receipt raises stock in the same
// transaction as the state change. Every change appends a `purchase_order.<state>` outbox event
// whose payload carries the whole PO, so the supplier's webhook receives what it must deliver.
import type {
  Page,
  PageRequest,
  ProductRow,
  PurchaseOrderEventRow,
  PurchaseOrderFilter,
  PurchaseOrderLineRow,
  PurchaseOrderRow,
  Repos,
  SupplierRow,
} from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';
import { checkPurchaseOrderTransition, type PurchaseOrderState } from './purchase-order-states.js';

export interface PurchaseOrderView {
  po: PurchaseOrderRow;
  lines: Array<PurchaseOrderLineRow & { sku: string }>;
}

export interface PurchaseOrderLineInput {
  sku: string;
  quantity: number;
  /** Defaults to the hub's reorder rule for the product. */
  unitCostMinor?: number;
}

export interface CreatePurchaseOrderInput {
  supplierId: string;
  hubId: string;
  lines: PurchaseOrderLineInput[];
  /** Send at once (draft → sent, which notifies the supplier); default false = stays a draft. */
  send?: boolean;
  reason?: string | null;
}

/** A supplier sees only its own purchase orders; anything else reads as not found. */
function assertVisible(actor: Actor, po: PurchaseOrderRow | undefined, id: string): asserts po is PurchaseOrderRow {
  if (!po) throw notFound('purchase_order', id);
  if (actor.role === 'operator') return;
  if (actor.role === 'supplier' && actor.subjectId === po.supplierId) return;
  throw notFound('purchase_order', id);
}

/** Manual creation by an operator inside `tx` (the route wraps it for Idempotency-Key). */
export async function createPurchaseOrderTx(ctx: DomainContext, tx: Repos, actor: Actor, input: CreatePurchaseOrderInput): Promise<PurchaseOrderView> {
  const supplier = await tx.suppliers.get(input.supplierId);
  if (!supplier) throw new DomainError('unknown_supplier', `supplier ${input.supplierId} does not exist`, { supplierId: input.supplierId });
  const hub = await tx.hubs.get(input.hubId);
  if (!hub) throw new DomainError('unknown_hub', `hub ${input.hubId} does not exist`, { hubId: input.hubId });
  const seen = new Set<string>();
  for (const l of input.lines) {
    if (seen.has(l.sku)) throw new DomainError('duplicate_line', `SKU ${l.sku} appears on more than one line`, { sku: l.sku });
    seen.add(l.sku);
  }
  const products = await tx.products.bySkus([...seen]);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const unknown = input.lines.filter((l) => !bySku.has(l.sku)).map((l) => l.sku);
  if (unknown.length) throw new DomainError('unknown_sku', `unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
  const rules = new Map((await tx.reorderRules.forHub(hub.id)).map((r) => [r.productId, r]));
  const lines = input.lines.map((l) => {
    const product = bySku.get(l.sku)!;
    const unitCostMinor = l.unitCostMinor ?? rules.get(product.id)?.unitCostMinor;
    if (unitCostMinor === undefined) {
      throw new DomainError('validation_failed', `no unitCostMinor for ${l.sku} and no reorder rule at this hub to take it from`, { in: 'body', sku: l.sku });
    }
    return { product, quantity: l.quantity, unitCostMinor };
  });
  return insertPurchaseOrder(ctx, tx, actorLabel(actor), { supplier, hubId: hub.id, lines, send: input.send ?? false, reason: input.reason ?? null });
}

/** Inserts a PO (draft, optionally sent at once) with its events and outbox entries. Shared by manual and automatic creation. */
export async function insertPurchaseOrder(
  ctx: DomainContext,
  tx: Repos,
  who: string,
  input: { supplier: SupplierRow; hubId: string; lines: Array<{ product: ProductRow; quantity: number; unitCostMinor: number }>; send: boolean; reason: string | null },
): Promise<PurchaseOrderView> {
  const now = nowS(ctx);
  const currencies = new Set(input.lines.map((l) => l.product.currency));
  if (currencies.size > 1) throw new DomainError('mixed_currency', 'all lines of a purchase order must share one currency', { currencies: [...currencies] });
  const id = ctx.ids.next('po');
  const state: PurchaseOrderState = input.send ? 'sent' : 'draft';
  const po: PurchaseOrderRow = {
    id,
    supplierId: input.supplier.id,
    hubId: input.hubId,
    state,
    totalMinor: input.lines.reduce((s, l) => s + l.unitCostMinor * l.quantity, 0),
    currency: input.lines[0]!.product.currency,
    expectedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const lines = input.lines.map((l, i) => ({
    purchaseOrderId: id,
    lineNo: i + 1,
    productId: l.product.id,
    quantity: l.quantity,
    receivedQuantity: 0,
    unitCostMinor: l.unitCostMinor,
  }));
  await tx.purchaseOrders.insert(po, lines);
  const view: PurchaseOrderView = { po, lines: lines.map((l, i) => ({ ...l, sku: input.lines[i]!.product.sku })) };
  const events: PurchaseOrderEventRow[] = [{ id: ctx.ids.next('evt'), purchaseOrderId: id, fromState: null, toState: 'draft', actor: who, reason: input.reason, at: now }];
  const outbox = [poOutboxEvent(ctx, { ...view, po: { ...po, state: 'draft' } }, null, now)];
  if (input.send) {
    events.push({ id: ctx.ids.next('evt'), purchaseOrderId: id, fromState: 'draft', toState: 'sent', actor: who, reason: input.reason, at: now });
    outbox.push(poOutboxEvent(ctx, view, 'draft', now));
  }
  await tx.purchaseOrders.appendEvents(events);
  await tx.outbox.append(outbox);
  return view;
}

function poOutboxEvent(ctx: DomainContext, v: PurchaseOrderView, previousState: string | null, now: number) {
  return {
    id: ctx.ids.next('obx'),
    type: `purchase_order.${v.po.state}`,
    aggregateType: 'purchase_order',
    aggregateId: v.po.id,
    payload: {
      purchaseOrderId: v.po.id,
      supplierId: v.po.supplierId,
      hubId: v.po.hubId,
      state: v.po.state,
      previousState,
      totalMinor: v.po.totalMinor,
      currency: v.po.currency,
      expectedAt: v.po.expectedAt,
      lines: v.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, productId: l.productId, quantity: l.quantity, receivedQuantity: l.receivedQuantity, unitCostMinor: l.unitCostMinor })),
      at: now,
    },
    createdAt: now,
  };
}

async function withSkus(tx: Repos, lines: PurchaseOrderLineRow[]): Promise<PurchaseOrderView['lines']> {
  const skus = new Map<string, string>();
  for (const l of lines) {
    if (!skus.has(l.productId)) skus.set(l.productId, (await tx.products.get(l.productId))?.sku ?? '');
  }
  return lines.map((l) => ({ ...l, sku: skus.get(l.productId)! }));
}

export async function getPurchaseOrder(ctx: DomainContext, actor: Actor, id: string): Promise<PurchaseOrderView> {
  const repos = ctx.store.repos;
  const po = await repos.purchaseOrders.get(id);
  assertVisible(actor, po, id);
  return { po, lines: await withSkus(repos, await repos.purchaseOrders.lines(id)) };
}

export async function listPurchaseOrders(ctx: DomainContext, actor: Actor, filter: PurchaseOrderFilter, page: PageRequest): Promise<Page<PurchaseOrderRow>> {
  if (actor.role === 'supplier') {
    if (filter.supplierId && filter.supplierId !== actor.subjectId) return { items: [] };
    return ctx.store.repos.purchaseOrders.list({ ...filter, supplierId: actor.subjectId ?? '' }, page);
  }
  return ctx.store.repos.purchaseOrders.list(filter, page);
}

export async function listPurchaseOrderEvents(ctx: DomainContext, actor: Actor, id: string, page: PageRequest): Promise<Page<PurchaseOrderEventRow>> {
  const po = await ctx.store.repos.purchaseOrders.get(id);
  assertVisible(actor, po, id);
  return ctx.store.repos.purchaseOrders.events(id, page);
}

export interface TransitionOptions {
  reason?: string | null;
  /** On confirmation: when the supplier expects to deliver (default now + the supplier's lead time). */
  expectedAt?: number;
  /** On receipt: units counted per line (default: every line in full). */
  received?: Array<{ lineNo: number; quantity: number }>;
}

/** Moves a PO to `to` if the state machine allows it for this actor; receipt raises stock, all in one transaction. */
export async function transitionPurchaseOrder(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  to: PurchaseOrderState,
  opts: TransitionOptions = {},
): Promise<PurchaseOrderView> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const po = await tx.purchaseOrders.getForUpdate(id);
    assertVisible(actor, po, id);
    const from = po.state as PurchaseOrderState;
    const check = checkPurchaseOrderTransition(from, to, actor.role);
    if (!check.ok) {
      throw new DomainError(
        'illegal_transition',
        check.reason === 'illegal' ? `a purchase order cannot go from ${from} to ${to}` : `a ${actor.role} may not move a purchase order from ${from} to ${to}`,
        { from, to, allowed: check.allowed },
      );
    }
    if (opts.expectedAt !== undefined && to !== 'confirmed') {
      throw new DomainError('validation_failed', 'expectedAt can only be given when confirming', { in: 'body', path: '/expectedAt' });
    }
    if (opts.received !== undefined && to !== 'received') {
      throw new DomainError('validation_failed', 'received quantities can only be given on receipt', { in: 'body', path: '/lines' });
    }
    let lines = await tx.purchaseOrders.lines(id);
    let expectedAt: number | null | undefined;
    if (to === 'confirmed') {
      if (opts.expectedAt !== undefined && opts.expectedAt < now) {
        throw new DomainError('validation_failed', 'expectedAt is in the past', { in: 'body', path: '/expectedAt' });
      }
      expectedAt = opts.expectedAt ?? now + ((await tx.suppliers.get(po.supplierId))?.leadTimeS ?? 0);
    }
    if (to === 'received') lines = await receiveGoods(ctx, tx, actor, po, lines, opts.received, now);
    if (!(await tx.purchaseOrders.setState(id, from, to, { expectedAt }, now))) {
      throw new DomainError('conflict', `purchase order ${id} changed concurrently`, { id }); // unreachable under the row lock
    }
    const updated: PurchaseOrderRow = { ...po, state: to, updatedAt: now, ...(expectedAt !== undefined ? { expectedAt } : {}) };
    const view: PurchaseOrderView = { po: updated, lines: await withSkus(tx, lines) };
    await tx.purchaseOrders.appendEvents([
      { id: ctx.ids.next('evt'), purchaseOrderId: id, fromState: from, toState: to, actor: actorLabel(actor), reason: opts.reason ?? null, at: now },
    ]);
    await tx.outbox.append([poOutboxEvent(ctx, view, from, now)]);
    return view;
  });
}

/** Goods receipt: each counted quantity goes on hand at the PO's hub (stock row created if missing). */
async function receiveGoods(
  ctx: DomainContext,
  tx: Repos,
  actor: Actor,
  po: PurchaseOrderRow,
  lines: PurchaseOrderLineRow[],
  counted: TransitionOptions['received'],
  now: number,
): Promise<PurchaseOrderLineRow[]> {
  const byLine = new Map<number, number>();
  if (counted) {
    for (const c of counted) {
      const line = lines.find((l) => l.lineNo === c.lineNo);
      if (!line) throw new DomainError('validation_failed', `purchase order ${po.id} has no line ${c.lineNo}`, { in: 'body', lineNo: c.lineNo });
      if (byLine.has(c.lineNo)) throw new DomainError('duplicate_line', `line ${c.lineNo} is counted twice`, { lineNo: c.lineNo });
      if (c.quantity > line.quantity) {
        throw new DomainError('validation_failed', `line ${c.lineNo}: received ${c.quantity} is more than the ${line.quantity} ordered`, { in: 'body', lineNo: c.lineNo });
      }
      byLine.set(c.lineNo, c.quantity);
    }
  }
  // Stock rows are touched in product-id order, like every other writer (no deadlocks).
  const sorted = [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.lineNo - b.lineNo));
  const out = new Map<number, PurchaseOrderLineRow>();
  for (const l of sorted) {
    const qty = counted ? (byLine.get(l.lineNo) ?? 0) : l.quantity;
    out.set(l.lineNo, { ...l, receivedQuantity: qty });
    await tx.purchaseOrders.setReceived(po.id, l.lineNo, qty);
    if (qty === 0) continue;
    const row = await tx.stock.adjust(po.hubId, l.productId, qty, now);
    if (!row) throw new DomainError('conflict', `stock for ${l.productId} at ${po.hubId} could not be raised`, {});
    await tx.stockAdjustments.insert({ id: ctx.ids.next('adj'), hubId: po.hubId, productId: l.productId, delta: qty, reason: `goods receipt ${po.id}`, actor: actorLabel(actor), at: now });
    const product = await tx.products.get(l.productId);
    await tx.outbox.append([
      {
        id: ctx.ids.next('obx'),
        type: 'stock.adjusted',
        aggregateType: 'stock',
        aggregateId: `${po.hubId}/${l.productId}`,
        payload: { hubId: po.hubId, productId: l.productId, sku: product?.sku ?? null, delta: qty, onHand: row.onHand, reserved: row.reserved, purchaseOrderId: po.id },
        createdAt: now,
      },
    ]);
  }
  return lines.map((l) => out.get(l.lineNo)!);
}
