// Purchase orders to suppliers, their lines and state-change history.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { purchaseOrderEvents, purchaseOrderLines, purchaseOrders } from '../schema.js';
import type { Executor } from '../types.js';
import { anyOf } from './array-rows.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLines.$inferSelect;
export type PurchaseOrderEventRow = typeof purchaseOrderEvents.$inferSelect;

export interface PurchaseOrderFilter {
  state?: string;
  hubId?: string;
  supplierId?: string;
}

export class PurchaseOrdersRepo {
  constructor(private readonly ex: Executor) {}

  async insert(po: PurchaseOrderRow, lines: PurchaseOrderLineRow[]): Promise<void> {
    await this.ex.insert(purchaseOrders).values(po);
    if (lines.length) await this.ex.insert(purchaseOrderLines).values(lines);
  }

  async get(id: string): Promise<PurchaseOrderRow | undefined> {
    const [row] = await this.ex.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
    return row;
  }

  async getForUpdate(id: string): Promise<PurchaseOrderRow | undefined> {
    const [row] = await this.ex.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).for('update');
    return row;
  }

  async lines(id: string): Promise<PurchaseOrderLineRow[]> {
    return this.ex.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, id)).orderBy(asc(purchaseOrderLines.lineNo));
  }

  /** Moves the PO from `from` to `to`; false when it is no longer in `from`. */
  async setState(id: string, from: string, to: string, patch: { expectedAt?: number | null }, now: number): Promise<boolean> {
    const rows = await this.ex
      .update(purchaseOrders)
      .set({ state: to, updatedAt: now, ...(patch.expectedAt !== undefined ? { expectedAt: patch.expectedAt } : {}) })
      .where(and(eq(purchaseOrders.id, id), eq(purchaseOrders.state, from)))
      .returning({ id: purchaseOrders.id });
    return rows.length === 1;
  }

  async setReceived(id: string, lineNo: number, receivedQuantity: number): Promise<void> {
    await this.ex
      .update(purchaseOrderLines)
      .set({ receivedQuantity })
      .where(and(eq(purchaseOrderLines.purchaseOrderId, id), eq(purchaseOrderLines.lineNo, lineNo)));
  }

  /** Units still expected at a hub for a product: ordered minus received, over POs in `openStates`. */
  /** openQuantity for several products of one hub in one statement (purchase orders by id), by product id. */
  async openQuantities(hubId: string, productIds: readonly string[], openStates: readonly string[]): Promise<Map<string, { quantity: number; purchaseOrderIds: string[] }>> {
    const out = new Map(productIds.map((p) => [p, { quantity: 0, purchaseOrderIds: [] as string[] }]));
    if (productIds.length === 0) return out;
    const rows = await this.ex
      .select({ id: purchaseOrders.id, productId: purchaseOrderLines.productId, q: sql<number>`(${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedQuantity})::int` })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(and(eq(purchaseOrders.hubId, hubId), anyOf(purchaseOrderLines.productId, productIds), inArray(purchaseOrders.state, [...openStates])))
      .orderBy(asc(purchaseOrders.id));
    for (const r of rows) {
      const o = out.get(r.productId)!;
      o.quantity += Number(r.q);
      if (!o.purchaseOrderIds.includes(r.id)) o.purchaseOrderIds.push(r.id);
    }
    return out;
  }

  async openQuantity(hubId: string, productId: string, openStates: readonly string[]): Promise<{ quantity: number; purchaseOrderIds: string[] }> {
    const rows = await this.ex
      .select({ id: purchaseOrders.id, q: sql<number>`(${purchaseOrderLines.quantity} - ${purchaseOrderLines.receivedQuantity})::int` })
      .from(purchaseOrderLines)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
      .where(and(eq(purchaseOrders.hubId, hubId), eq(purchaseOrderLines.productId, productId), inArray(purchaseOrders.state, [...openStates])));
    return { quantity: rows.reduce((s, r) => s + Number(r.q), 0), purchaseOrderIds: [...new Set(rows.map((r) => r.id))] };
  }

  async list(filter: PurchaseOrderFilter, page: PageRequest): Promise<Page<PurchaseOrderRow>> {
    const rows = await this.ex
      .select()
      .from(purchaseOrders)
      .where(
        and(
          filter.state ? eq(purchaseOrders.state, filter.state) : undefined,
          filter.hubId ? eq(purchaseOrders.hubId, filter.hubId) : undefined,
          filter.supplierId ? eq(purchaseOrders.supplierId, filter.supplierId) : undefined,
          page.afterId ? gt(purchaseOrders.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(purchaseOrders.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async appendEvents(events: PurchaseOrderEventRow[]): Promise<void> {
    if (events.length) await this.ex.insert(purchaseOrderEvents).values(events);
  }

  async events(id: string, page: PageRequest): Promise<Page<PurchaseOrderEventRow>> {
    const rows = await this.ex
      .select()
      .from(purchaseOrderEvents)
      .where(and(eq(purchaseOrderEvents.purchaseOrderId, id), page.afterId ? gt(purchaseOrderEvents.id, page.afterId) : undefined))
      .orderBy(asc(purchaseOrderEvents.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }
}
