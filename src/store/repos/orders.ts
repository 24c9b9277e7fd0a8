// Orders, their lines and their state-change history.
import { and, asc, eq, getTableColumns, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { addresses, auditLog, hubs, orderEvents, orderLines, orders, outbox, products, stock } from '../schema.js';
import type { IntakeSnapshot } from '../intake.js';
import type { Executor } from '../types.js';
import { anyOf, orderEventsInsert, orderEventsInsertOf, orderEventsValues, outboxInsert, outboxInsertOf, outboxValues } from './array-rows.js';
import { Statement } from './compiled.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;

type NewOutboxEvent = Omit<typeof outbox.$inferSelect, 'seq' | 'publishedAt'>;

export interface OrderFilter {
  state?: string;
  hubId?: string;
  customerId?: string;
}

type AuditInsert = typeof auditLog.$inferInsert;

const byIdsForUpdate = new Statement<{ ids: readonly string[] }, OrderRow[]>((db, p) =>
  db.select().from(orders).where(sql`${orders.id} = any(${p('ids')}::text[])`).orderBy(asc(orders.id)).for('update'),
);
const byIds = new Statement<{ ids: readonly string[] }, OrderRow[]>((db, p) =>
  db.select().from(orders).where(sql`${orders.id} = any(${p('ids')}::text[])`).orderBy(asc(orders.id)),
);
const linesOf = new Statement<{ ids: readonly string[] }, OrderLineRow[]>((db, p) =>
  db.select().from(orderLines).where(sql`${orderLines.orderId} = any(${p('ids')}::text[])`).orderBy(asc(orderLines.orderId), asc(orderLines.lineNo)),
);
/** Shapes: which of the events (e), outbox entries (o) and audit row (a) it writes. */
const statesWithEvents = new Statement<Record<string, unknown>, unknown>((db, p, shape) => {
  const parts = [sql`upd as ${db.update(orders).set({ state: p('to'), updatedAt: p('now') }).where(and(sql`${orders.id} = any(${p('ids')}::text[])`, eq(orders.state, p('from')))).returning({ id: orders.id })}`];
  if (shape.includes('e')) parts.push(sql`ins_events as (${orderEventsInsertOf(p)})`);
  if (shape.includes('o')) parts.push(sql`ins_outbox as (${outboxInsertOf(p)})`);
  if (shape.includes('a')) {
    const audit = Object.fromEntries(Object.keys(getTableColumns(auditLog)).map((k) => [k, p(`audit_${k}`)]));
    parts.push(sql`ins_audit as ${db.insert(auditLog).values(audit as unknown as AuditInsert)}`);
  }
  return db.execute(sql`with ${sql.join(parts, sql`, `)} select count(*)::int as n from upd`);
});

export class OrdersRepo {
  constructor(private readonly ex: Executor) {}

  async insert(order: OrderRow, lines: OrderLineRow[]): Promise<void> {
    await this.ex.insert(orders).values(order);
    if (lines.length) await this.ex.insert(orderLines).values(lines);
  }

  /**
   * Intake's reads inside its transaction (the path taken when the two-statement one in ../intake.ts
   * declines): the address, the products named by `skus` and their stock in one joined query, plus
   * the hubs (a second statement). Plain reads, no locks: the guarded reservation decides.
   */
  async intakeSnapshot(addressId: string, skus: string[], knownHubs?: readonly IntakeSnapshot['hubs'][number][]): Promise<IntakeSnapshot> {
    const [rows, hubRows] = await Promise.all([
      this.ex
        .select({ address: addresses, product: products, stock })
        .from(addresses)
        .leftJoin(products, inArray(products.sku, skus.length ? skus : ['']))
        .leftJoin(stock, eq(stock.productId, products.id))
        .where(eq(addresses.id, addressId)),
      knownHubs ? [...knownHubs] : this.ex.select().from(hubs).orderBy(asc(hubs.id)),
    ]);
    const byId = new Map<string, IntakeSnapshot['products'][number]>();
    const stockRows: IntakeSnapshot['stock'] = [];
    for (const r of rows) {
      if (r.product && !byId.has(r.product.id)) byId.set(r.product.id, r.product);
      if (r.stock) stockRows.push(r.stock);
    }
    return { address: rows[0]?.address, products: [...byId.values()], stock: stockRows, hubs: hubRows };
  }

  /**
   * Writes a new order with its lines, its history events and its outbox entries in ONE
   * statement (data-modifying CTEs; foreign keys are checked at the end of the statement).
   */
  async insertPlaced(order: OrderRow, lines: OrderLineRow[], events: OrderEventRow[], outboxEvents: NewOutboxEvent[]): Promise<void> {
    // Each drizzle builder renders itself in parentheses, which is exactly the CTE body syntax.
    const parts = [sql`ins_order as ${this.ex.insert(orders).values(order)}`];
    if (lines.length) parts.push(sql`ins_lines as ${this.ex.insert(orderLines).values(lines)}`);
    if (events.length) parts.push(sql`ins_events as ${this.ex.insert(orderEvents).values(events)}`);
    if (outboxEvents.length) parts.push(sql`ins_outbox as ${this.ex.insert(outbox).values(outboxEvents)}`);
    await this.ex.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
  }

  /**
   * Rare intake path: the order was written for one hub but its stock was reserved at another.
   * Moves the order, its allocation event and its unpublished outbox entry to `hubId` in one statement.
   */
  async reassignPlacedHub(orderId: string, hubId: string, allocationReason: string): Promise<void> {
    await this.ex.execute(sql`with upd_order as ${this.ex.update(orders).set({ hubId }).where(eq(orders.id, orderId))},
      upd_event as ${this.ex
        .update(orderEvents)
        .set({ reason: allocationReason })
        .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.toState, 'allocated')))},
      upd_outbox as ${this.ex
        .update(outbox)
        .set({ payload: sql`jsonb_set(${outbox.payload}, '{hubId}', to_jsonb(${hubId}::text))` })
        .where(and(eq(outbox.aggregateId, orderId), eq(outbox.type, 'order.allocated')))}
      select 1`);
  }

  /** The hub and products of each allocated order among `orderIds` (one row per line). */
  async hubProducts(orderIds: string[]): Promise<Array<{ hubId: string; productId: string }>> {
    if (orderIds.length === 0) return [];
    // Per id, one probe of the orders key and one of the order_lines key: a cost in the number of
    // ids, whatever the size of the tables. A plain join (IN list or array) let PostgreSQL hash a
    // sequential scan of all of order_lines (default random_page_cost, small fresh tables), paid by
    // every relay batch and growing with the table; OFFSET 0 keeps each lateral subquery a
    // per-row probe (the planner may not flatten it into that join).
    const res = await this.ex.execute<{ hubId: string; productId: string }>(sql`
      select o.hub_id as "hubId", l.product_id as "productId"
        from unnest(${sql.param(orderIds)}::text[]) as w(id)
       cross join lateral (select hub_id from ${orders} where id = w.id and hub_id is not null offset 0) as o
       cross join lateral (select product_id from ${orderLines} where order_id = w.id offset 0) as l`);
    // node-postgres returns { rows }, PGlite too.
    return (res as unknown as { rows: Array<{ hubId: string; productId: string }> }).rows;
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

  /** Several orders at once (missing ids are left out), by id. */
  async getMany(ids: readonly string[]): Promise<OrderRow[]> {
    if (ids.length === 0) return [];
    return byIds.run(this.ex, { ids });
  }

  /** Locks several order rows, in id order (every batch writer locks in that order: no deadlocks). */
  async getManyForUpdate(ids: readonly string[]): Promise<OrderRow[]> {
    if (ids.length === 0) return [];
    return byIdsForUpdate.run(this.ex, { ids });
  }

  /** The lines of several orders, by order then line number. */
  async linesOfOrders(orderIds: readonly string[]): Promise<OrderLineRow[]> {
    if (orderIds.length === 0) return [];
    return linesOf.run(this.ex, { ids: orderIds });
  }

  /** Moves every listed order still in `from` to `to`; returns the ids moved. */
  async setStates(ids: readonly string[], from: string, to: string, now: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.ex
      .update(orders)
      .set({ state: to, updatedAt: now })
      .where(and(anyOf(orders.id, ids), eq(orders.state, from)))
      .returning({ id: orders.id });
    return rows.map((r) => r.id);
  }

  /**
   * setStates, appendEventsWithOutbox and (when given) an audit row in ONE statement: moves every
   * listed order still in `from` to `to` and writes the events and outbox entries; returns how many
   * orders moved. The rows are written even when fewer moved: the caller then throws and its
   * transaction rolls everything back.
   */
  async setStatesWithEvents(ids: readonly string[], from: string, to: string, now: number, events: OrderEventRow[], outboxEvents: NewOutboxEvent[], audit?: AuditInsert): Promise<number> {
    if (ids.length === 0) return 0;
    const values: Record<string, unknown> = { ids, from, to, now };
    let shape = '';
    if (events.length) (shape += 'e'), Object.assign(values, orderEventsValues(events));
    if (outboxEvents.length) (shape += 'o'), Object.assign(values, outboxValues(outboxEvents));
    if (audit) {
      shape += 'a';
      for (const k of Object.keys(getTableColumns(auditLog))) values[`audit_${k}`] = audit[k as keyof AuditInsert] ?? null; // no column has a default
    }
    const res = await statesWithEvents.run(this.ex, values, shape);
    return Number((res as { rows: Array<{ n: number }> }).rows[0]!.n);
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

  /** Order history events and their outbox entries in one statement (data-modifying CTEs). */
  async appendEventsWithOutbox(events: OrderEventRow[], outboxEvents: NewOutboxEvent[]): Promise<void> {
    if (events.length === 0 || outboxEvents.length === 0) {
      await this.appendEvents(events);
      if (outboxEvents.length) await this.ex.execute(outboxInsert(outboxEvents));
      return;
    }
    await this.ex.execute(sql`with ins_events as (${orderEventsInsert(events)}), ins_outbox as (${outboxInsert(outboxEvents)}) select 1`);
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
