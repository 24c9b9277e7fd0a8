// Orders, their lines and their state-change history.
import { and, asc, eq, gt } from 'drizzle-orm';
import { orderEvents, orderLines, orders } from '../schema.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;

export interface OrderFilter {
  state?: string;
  hubId?: string;
  customerId?: string;
}

export class OrdersRepo {
  constructor(private readonly ex: Executor) {}

  async insert(order: OrderRow, lines: OrderLineRow[]): Promise<void> {
    await this.ex.insert(orders).values(order);
    if (lines.length) await this.ex.insert(orderLines).values(lines);
  }

  async get(id: string): Promise<OrderRow | undefined> {
    const [row] = await this.ex.select().from(orders).where(eq(orders.id, id));
    return row;
  }

  /** Locks the order row until the transaction ends (state changes read-modify-write it). */
  async getForUpdate(id: string): Promise<OrderRow | undefined> {
    const [row] = await this.ex.select().from(orders).where(eq(orders.id, id)).for('update');
    return row;
  }

  async lines(orderId: string): Promise<OrderLineRow[]> {
    return this.ex.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.lineNo));
  }

  /** Moves the order from `from` to `to`; false when it is no longer in `from`. */
  async setState(id: string, from: string, to: string, patch: { hubId?: string | null }, now: number): Promise<boolean> {
    const rows = await this.ex
      .update(orders)
      .set({ state: to, updatedAt: now, ...(patch.hubId !== undefined ? { hubId: patch.hubId } : {}) })
      .where(and(eq(orders.id, id), eq(orders.state, from)))
      .returning({ id: orders.id });
    return rows.length === 1;
  }

  async list(filter: OrderFilter, page: PageRequest): Promise<Page<OrderRow>> {
    const rows = await this.ex
      .select()
      .from(orders)
      .where(
        and(
          filter.state ? eq(orders.state, filter.state) : undefined,
          filter.hubId ? eq(orders.hubId, filter.hubId) : undefined,
          filter.customerId ? eq(orders.customerId, filter.customerId) : undefined,
          page.afterId ? gt(orders.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(orders.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async appendEvents(events: OrderEventRow[]): Promise<void> {
    if (events.length) await this.ex.insert(orderEvents).values(events);
  }

  async events(orderId: string, page: PageRequest): Promise<Page<OrderEventRow>> {
    const rows = await this.ex
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), page.afterId ? gt(orderEvents.id, page.afterId) : undefined))
      .orderBy(asc(orderEvents.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async count(): Promise<number> {
    return this.ex.$count(orders);
  }
}
