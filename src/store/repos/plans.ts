// Dispatch plans, their routes and ordered stops. Guarded primitives only; the dispatch and
// tracking rules live in src/domain/dispatch*.ts and tracking*.ts.
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { hubs, orders, outbox, plans, routes, stops } from '../schema.js';
import type { Executor } from '../types.js';
import { outboxInsert } from './array-rows.js';

export type PlanRow = typeof plans.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
export type StopRow = typeof stops.$inferSelect;
type NewOutboxEvent = Omit<typeof outbox.$inferSelect, 'seq' | 'publishedAt'>;
/** A stop with what ETAs and their events need of its order (null for stops without one). */
export type StopWithOrder = StopRow & { order: { windowStart: number; customerId: string; hubId: string | null } | null };

/** Routes planned or started, as a literal: what the partial index routes_vehicle_open_idx holds (migration 0009). */
const routeIsOpen = sql`${routes.state} in ('planned', 'started')`;

export class PlansRepo {
  constructor(private readonly ex: Executor) {}

  /** Locks the hub row until the transaction ends: plan writes for one hub are serialised. */
  async lockHub(hubId: string): Promise<boolean> {
    const rows = await this.ex.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId)).for('update');
    return rows.length === 1;
  }

  async insertPlan(row: PlanRow): Promise<void> {
    await this.ex.insert(plans).values(row);
  }

  async getPlan(id: string): Promise<PlanRow | undefined> {
    const [row] = await this.ex.select().from(plans).where(eq(plans.id, id));
    return row;
  }

  /** The hub's current plan (the newest in state active), if any. */
  async activeForHub(hubId: string): Promise<PlanRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(plans)
      .where(and(eq(plans.hubId, hubId), eq(plans.state, 'active')))
      .orderBy(desc(plans.id))
      .limit(1);
    return row;
  }

  async setPlanState(id: string, state: string): Promise<void> {
    await this.ex.update(plans).set({ state }).where(eq(plans.id, id));
  }

  async insertRoutes(rows: RouteRow[]): Promise<void> {
    if (rows.length) await this.ex.insert(routes).values(rows);
  }

  async insertStops(rows: StopRow[]): Promise<void> {
    if (rows.length) await this.ex.insert(stops).values(rows);
  }

  async routesOfPlan(planId: string): Promise<RouteRow[]> {
    return this.ex.select().from(routes).where(eq(routes.planId, planId)).orderBy(asc(routes.id));
  }

  async getRoutes(ids: readonly string[]): Promise<RouteRow[]> {
    if (ids.length === 0) return [];
    return this.ex.select().from(routes).where(inArray(routes.id, [...ids])).orderBy(asc(routes.id));
  }

  async getRoute(id: string): Promise<RouteRow | undefined> {
    const [row] = await this.ex.select().from(routes).where(eq(routes.id, id));
    return row;
  }

  /** Moves routes carried over by a new round into that round's plan. */
  async moveRoutes(routeIds: string[], planId: string): Promise<void> {
    if (routeIds.length) await this.ex.update(routes).set({ planId }).where(inArray(routes.id, routeIds));
  }

  async setRouteState(id: string, state: string, patch: { endAt?: number | null } = {}): Promise<void> {
    await this.ex.update(routes).set({ state, ...(patch.endAt !== undefined ? { endAt: patch.endAt } : {}) }).where(eq(routes.id, id));
  }

  /** Cancels unstarted routes and skips their stops. */
  async cancelRoutes(routeIds: string[]): Promise<void> {
    if (!routeIds.length) return;
    await this.ex.update(routes).set({ state: 'cancelled' }).where(inArray(routes.id, routeIds));
    await this.ex.update(stops).set({ state: 'skipped' }).where(and(inArray(stops.routeId, routeIds), eq(stops.state, 'planned')));
  }

  async stopsOfRoutes(routeIds: string[]): Promise<StopRow[]> {
    if (!routeIds.length) return [];
    return this.ex.select().from(stops).where(inArray(stops.routeId, routeIds)).orderBy(asc(stops.routeId), asc(stops.seq));
  }

  async getStop(id: string): Promise<StopRow | undefined> {
    const [row] = await this.ex.select().from(stops).where(eq(stops.id, id));
    return row;
  }

  /** Locks a stop row (stop events read-modify-write it). */
  async getStopForUpdate(id: string): Promise<StopRow | undefined> {
    const [row] = await this.ex.select().from(stops).where(eq(stops.id, id)).for('update');
    return row;
  }

  /** The order's newest delivery stop that was not skipped (its current or last attempt). */
  async currentStopForOrder(orderId: string): Promise<StopRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(stops)
      .where(and(eq(stops.orderId, orderId), ne(stops.state, 'skipped')))
      .orderBy(desc(stops.id))
      .limit(1);
    return row;
  }

  async updateStop(id: string, patch: Partial<Pick<StopRow, 'state' | 'arrivedAt' | 'departedAt' | 'eta'>>): Promise<void> {
    await this.ex.update(stops).set(patch).where(eq(stops.id, id));
  }

  /** A route's stops in sequence with their orders' window start, customer and hub (one statement). */
  async stopsWithOrders(routeId: string): Promise<StopWithOrder[]> {
    const rows = await this.ex
      .select({ stop: stops, windowStart: orders.windowStart, customerId: orders.customerId, hubId: orders.hubId })
      .from(stops)
      .leftJoin(orders, eq(orders.id, stops.orderId))
      .where(eq(stops.routeId, routeId))
      .orderBy(asc(stops.seq));
    return rows.map((r) => ({ ...r.stop, order: r.customerId !== null && r.windowStart !== null ? { windowStart: r.windowStart, customerId: r.customerId, hubId: r.hubId } : null }));
  }

  /**
   * Writes ETAs for many stops in one statement (routes hold tens of stops), with the outbox
   * entries announcing them (same statement, a data-modifying CTE).
   */
  async setEtas(etas: Array<{ id: string; eta: number | null }>, announce: NewOutboxEvent[] = []): Promise<void> {
    const ins = announce.length ? outboxInsert(announce) : undefined;
    if (etas.length === 0) {
      if (ins) await this.ex.execute(ins);
      return;
    }
    const update = sql`update ${stops} set eta = v.eta from unnest(${sql.param(etas.map((e) => e.id))}::text[], ${sql.param(etas.map((e) => e.eta))}::bigint[]) as v(id, eta) where ${stops.id} = v.id`;
    await this.ex.execute(ins ? sql`with upd as (${update}), ins as (${ins}) select 1` : update);
  }

  /** A stop with its route, the stop row locked (stop events read-modify-write it); one statement. */
  async getStopWithRouteForUpdate(id: string): Promise<{ stop: StopRow; route: RouteRow } | undefined> {
    const [row] = await this.ex.select({ stop: stops, route: routes }).from(stops).innerJoin(routes, eq(routes.id, stops.routeId)).where(eq(stops.id, id)).for('update', { of: stops });
    return row;
  }

  /**
   * The vehicle's route in progress, else its next planned one (by id), with its stops as
   * stopsWithOrders gives them; one statement.
   */
  async currentRouteWithStops(vehicleId: string): Promise<{ route: RouteRow; stops: StopWithOrder[] } | undefined> {
    const current = this.ex
      .select({ id: routes.id })
      .from(routes)
      .where(and(eq(routes.vehicleId, vehicleId), routeIsOpen))
      .orderBy(sql`${routes.state} = 'started' desc`, asc(routes.id))
      .limit(1);
    const rows = await this.ex
      .select({ route: routes, stop: stops, windowStart: orders.windowStart, customerId: orders.customerId, hubId: orders.hubId })
      .from(routes)
      .leftJoin(stops, eq(stops.routeId, routes.id))
      .leftJoin(orders, eq(orders.id, stops.orderId))
      .where(sql`${routes.id} = (${current})`)
      .orderBy(asc(stops.seq));
    if (rows.length === 0) return undefined;
    return {
      route: rows[0]!.route,
      stops: rows.filter((r) => r.stop).map((r) => ({ ...r.stop!, order: r.customerId !== null && r.windowStart !== null ? { windowStart: r.windowStart, customerId: r.customerId, hubId: r.hubId } : null })),
    };
  }

  /** Routes of a vehicle that are planned or started (the vehicle's current work). */
  async openRoutesOfVehicle(vehicleId: string): Promise<RouteRow[]> {
    return this.ex
      .select()
      .from(routes)
      .where(and(eq(routes.vehicleId, vehicleId), routeIsOpen))
      .orderBy(asc(routes.id));
  }
}
