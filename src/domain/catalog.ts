// Hubs, products and stock levels (operator-maintained master data).
import type { HubRow, ProductRow, StockRow } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';

export type NewHub = Omit<HubRow, 'id' | 'createdAt'>;
export type NewProduct = Omit<ProductRow, 'id' | 'createdAt'>;

export async function createHub(ctx: DomainContext, actor: Actor, input: NewHub): Promise<HubRow> {
  for (const h of input.openingHours) {
    if (!(h.open < h.close)) throw new DomainError('validation_failed', `opening hours on day ${h.day} close before they open`, { day: h.day });
  }
  const row: HubRow = { ...input, id: ctx.ids.next('hub'), createdAt: nowS(ctx) };
  await ctx.store.transaction(async (tx) => {
    await tx.hubs.insert(row);
    await tx.audit.append({
      id: ctx.ids.next('aud'),
      at: row.createdAt,
      actor: actorLabel(actor),
      action: 'hub.create',
      entityType: 'hub',
      entityId: row.id,
      details: null,
    });
  });
  return row;
}

export async function createProduct(ctx: DomainContext, actor: Actor, input: NewProduct): Promise<ProductRow> {
  const row: ProductRow = { ...input, id: ctx.ids.next('prd'), createdAt: nowS(ctx) };
  await ctx.store.transaction(async (tx) => {
    if (await tx.products.getBySku(input.sku)) throw new DomainError('conflict', `SKU ${input.sku} already exists`, { sku: input.sku });
    await tx.products.insert(row);
    await tx.audit.append({
      id: ctx.ids.next('aud'),
      at: row.createdAt,
      actor: actorLabel(actor),
      action: 'product.create',
      entityType: 'product',
      entityId: row.id,
      details: { sku: row.sku },
    });
  });
  return row;
}

/** Operator stock correction (goods in, write-off, count). Refuses to go below zero or below what is reserved. */
export async function adjustStock(
  ctx: DomainContext,
  actor: Actor,
  input: { hubId: string; sku: string; delta: number; reason: string },
): Promise<StockRow & { sku: string }> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const hub = await tx.hubs.get(input.hubId);
    if (!hub) throw notFound('hub', input.hubId);
    const product = await tx.products.getBySku(input.sku);
    if (!product) throw new DomainError('unknown_sku', `unknown SKU: ${input.sku}`, { skus: [input.sku] });
    const row = await tx.stock.adjust(hub.id, product.id, input.delta, now);
    if (!row) {
      const current = await tx.stock.get(hub.id, product.id);
      throw new DomainError('stock_negative', 'the adjustment would take stock below zero or below the reserved quantity', {
        onHand: current?.onHand ?? 0,
        reserved: current?.reserved ?? 0,
        delta: input.delta,
      });
    }
    await tx.stockAdjustments.insert({
      id: ctx.ids.next('adj'),
      hubId: hub.id,
      productId: product.id,
      delta: input.delta,
      reason: input.reason,
      actor: actorLabel(actor),
      at: now,
    });
    await tx.outbox.append([
      {
        id: ctx.ids.next('obx'),
        type: 'stock.adjusted',
        aggregateType: 'stock',
        aggregateId: `${hub.id}/${product.id}`,
        payload: { hubId: hub.id, productId: product.id, sku: product.sku, delta: input.delta, onHand: row.onHand, reserved: row.reserved },
        createdAt: now,
      },
    ]);
    return { ...row, sku: product.sku };
  });
}
