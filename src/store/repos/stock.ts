// Stock per hub and product. Every change is a single guarded UPDATE so that concurrent
// orders can never drive availability below zero: the row lock taken by UPDATE makes
// the second writer re-check the guard against the first writer's committed values.
// Callers touching several rows do so in (hub_id, product_id) order to avoid deadlocks.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { products, stock } from '../schema.js';
import type { Executor } from '../types.js';
import { anyOf } from './array-rows.js';
import { Statement } from './compiled.js';

export type StockRow = typeof stock.$inferSelect;
export interface StockView extends StockRow {
  sku: string;
}

const forProductsQ = new Statement<{ ids: string[] }, StockRow[]>((db, p) => db.select().from(stock).where(sql`${stock.productId} = any(${p('ids')}::text[])`));

export class StockRepo {
  constructor(private readonly ex: Executor) {}

  async get(hubId: string, productId: string): Promise<StockRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(stock)
      .where(and(eq(stock.hubId, hubId), eq(stock.productId, productId)));
    return row;
  }

  /** Stock rows of a hub with the product SKU, keyset-paginated by product id. */
  async listForHub(hubId: string, afterProductId: string | undefined, limit: number): Promise<StockView[]> {
    return this.ex
      .select({
        hubId: stock.hubId,
        productId: stock.productId,
        onHand: stock.onHand,
        reserved: stock.reserved,
        updatedAt: stock.updatedAt,
        sku: products.sku,
      })
      .from(stock)
      .innerJoin(products, eq(products.id, stock.productId))
      .where(and(eq(stock.hubId, hubId), afterProductId ? gt(stock.productId, afterProductId) : undefined))
      .orderBy(asc(stock.productId))
      .limit(limit);
  }

  /** Rows for the given products at any hub (allocation reads availability from these). */
  /** One hub's stock rows of `productIds` (one statement). */
  async atHub(hubId: string, productIds: readonly string[]): Promise<StockRow[]> {
    if (productIds.length === 0) return [];
    return this.ex.select().from(stock).where(and(eq(stock.hubId, hubId), anyOf(stock.productId, productIds)));
  }

  async forProducts(productIds: string[]): Promise<StockRow[]> {
    if (productIds.length === 0) return [];
    return forProductsQ.run(this.ex, { ids: productIds });
  }

  /** Reserves `quantity` if that much is available; false (nothing changed) otherwise. */
  async reserve(hubId: string, productId: string, quantity: number, now: number): Promise<boolean> {
    const rows = await this.ex
      .update(stock)
      .set({ reserved: sql`${stock.reserved} + ${quantity}`, updatedAt: now })
      .where(and(eq(stock.hubId, hubId), eq(stock.productId, productId), sql`${stock.onHand} - ${stock.reserved} >= ${quantity}`))
      .returning({ hubId: stock.hubId });
    return rows.length === 1;
  }

  /** Gives reserved units back (cancellation). */
  async release(hubId: string, productId: string, quantity: number, now: number): Promise<boolean> {
    const rows = await this.ex
      .update(stock)
      .set({ reserved: sql`${stock.reserved} - ${quantity}`, updatedAt: now })
      .where(and(eq(stock.hubId, hubId), eq(stock.productId, productId), sql`${stock.reserved} >= ${quantity}`))
      .returning({ hubId: stock.hubId });
    return rows.length === 1;
  }

  /**
   * Reserved units leave the hub (dispatch): on_hand and reserved both drop, for many (hub,
   * product) rows in one statement. The rows are locked first in (product_id, hub_id) order, as
   * every writer takes them; each is then updated under its own guard (reserved covers the
   * quantity). Returns the keys (`productId|hubId`) whose guard held.
   */
  async consumeMany(items: ReadonlyArray<{ hubId: string; productId: string; quantity: number }>, now: number): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const hubIds = sql.param(items.map((i) => i.hubId));
    const productIds = sql.param(items.map((i) => i.productId));
    const quantities = sql.param(items.map((i) => i.quantity));
    const res = await this.ex.execute<{ hubId: string; productId: string }>(sql`
      with wanted as (select * from unnest(${hubIds}::text[], ${productIds}::text[], ${quantities}::int[]) as w(hub_id, product_id, qty)),
      locked as materialized (
        select s.hub_id, s.product_id from ${stock} s join wanted w on s.hub_id = w.hub_id and s.product_id = w.product_id
         order by s.product_id, s.hub_id for update of s)
      update ${stock} s set on_hand = s.on_hand - w.qty, reserved = s.reserved - w.qty, updated_at = ${now}
        from wanted w
       where s.hub_id = w.hub_id and s.product_id = w.product_id and s.reserved >= w.qty
         and exists (select 1 from locked l where l.hub_id = s.hub_id and l.product_id = s.product_id)
      returning s.hub_id as "hubId", s.product_id as "productId"`);
    // node-postgres returns { rows }, PGlite too.
    return new Set((res as unknown as { rows: Array<{ hubId: string; productId: string }> }).rows.map((r) => `${r.productId}|${r.hubId}`));
  }

  /**
   * Adds `delta` to on_hand (negative = write-off), creating the row when missing.
   * Returns the new row, or undefined when the change would take on_hand below zero or below reserved.
   */
  async adjust(hubId: string, productId: string, delta: number, now: number): Promise<StockRow | undefined> {
    if (delta >= 0) {
      const [row] = await this.ex
        .insert(stock)
        .values({ hubId, productId, onHand: delta, reserved: 0, updatedAt: now })
        .onConflictDoUpdate({
          target: [stock.hubId, stock.productId],
          set: { onHand: sql`${stock.onHand} + ${delta}`, updatedAt: now },
        })
        .returning();
      return row;
    }
    const [row] = await this.ex
      .update(stock)
      .set({ onHand: sql`${stock.onHand} + ${delta}`, updatedAt: now })
      .where(and(eq(stock.hubId, hubId), eq(stock.productId, productId), sql`${stock.onHand} - ${stock.reserved} + ${delta} >= 0`))
      .returning();
    return row;
  }
}
