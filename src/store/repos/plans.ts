// Dispatch plans, their routes and ordered stops. Guarded primitives only; the dispatch and
// tracking rules live in src/domain/dispatch*.ts and tracking*.ts.
import { and, asc, desc, eq, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accessGrants, hubs, orders, outbox, plans, routes, stops } from '../schema.js';
import type { Executor } from '../types.js';
import { outboxInsertOf, outboxValues, rowsInsertOf, rowsValues } from './array-rows.js';
import { type P, setOf, shapeOf, Statement } from './compiled.js';

export type PlanRow = typeof plans.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
export type StopRow = typeof stops.$inferSelect;
type OrderRow = typeof orders.$inferSelect;
type NewOutboxEvent = Omit<typeof outbox.$inferSelect, 'seq' | 'publishedAt'>;
/** What a stop event changes on its stop. */
export type StopEventPatch = Partial<Pick<StopRow, 'state' | 'arrivedAt' | 'departedAt'>>;
/** A stop with what ETAs and their events need of its order (null for stops without one). */
export type StopWithOrder = StopRow & { order: { windowStart: number; customerId: string; hubId: string | null } | null };

/** Routes planned or started, as a literal: what the partial index routes_vehicle_open_idx holds (migration 0009). */
const routeIsOpen = sql`${routes.state} in ('planned', 'started')`;

// The hot statements, compiled once (see compiled.ts).
type Id = { id: string };
const target = alias(stops, 'target');
const targetOrder = alias(orders, 'target_order');
const activePlanOfHub = new Statement<{ hubId: string }, PlanRow[]>((db, p) =>
  db.select().from(plans).where(and(eq(plans.hubId, p('hubId')), eq(plans.state, 'active'))).orderBy(desc(plans.id)).limit(1),
);
const routesOfPlanQ = new Statement<{ planId: string }, RouteRow[]>((db, p) => db.select().from(routes).where(eq(routes.planId, p('planId'))).orderBy(asc(routes.id)));
const routesByIds = new Statement<{ ids: readonly string[] }, RouteRow[]>((db, p) => db.select().from(routes).where(sql`${routes.id} = any(${p('ids')}::text[])`).orderBy(asc(routes.id)));
const stopsOfRoutesQ = new Statement<{ ids: readonly string[] }, StopRow[]>((db, p) =>
  db.select().from(stops).where(sql`${stops.routeId} = any(${p('ids')}::text[])`).orderBy(asc(stops.routeId), asc(stops.seq)),
);
/** Shape: `<p (a previous plan is superseded), k (routes kept), c (routes cancelled), r (routes inserted), s (stops inserted)>|<the plan row's keys>`. See replacePlan. */
const replacePlanQ = new Statement<Record<string, unknown>, unknown>((db, p, shape) => {
  const parts: SQL[] = [sql`ins_plan as ${db.insert(plans).values(setOf(shape.split('|')[1]!, p, 'plan_') as never)}`];
  const flags = shape.split('|')[0]!;
  if (flags.includes('p')) parts.push(sql`superseded as ${db.update(plans).set({ state: 'superseded' }).where(eq(plans.id, p('previousId')))}`);
  if (flags.includes('k')) parts.push(sql`moved as ${db.update(routes).set({ planId: p('plan_id') }).where(sql`${routes.id} = any(${p('kept')}::text[])`)}`);
  if (flags.includes('c')) {
    parts.push(sql`cancelled as ${db.update(routes).set({ state: 'cancelled' }).where(sql`${routes.id} = any(${p('cancelled')}::text[])`)}`);
    parts.push(sql`skipped as ${db.update(stops).set({ state: 'skipped' }).where(and(sql`${stops.routeId} = any(${p('cancelled')}::text[])`, eq(stops.state, 'planned')))}`);
  }
  // Rows inserted here are seen by the foreign-key checks, which run at the end of the statement.
  if (flags.includes('r')) parts.push(sql`ins_routes as (${rowsInsertOf(routes, p, 'route_')})`);
  if (flags.includes('s')) parts.push(sql`ins_stops as (${rowsInsertOf(stops, p, 'stop_')})`);
  return db.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
});
const lockHubQ = new Statement<Id, Id[]>((db, p) => db.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, p('id'))).for('update'));
/** Shape: the keys of the route's patch besides its state (shapeOf). */
const setRouteStateQ = new Statement<Record<string, unknown>, unknown>((db, p, shape) => db.update(routes).set({ state: p('state'), ...setOf(shape, p) }).where(eq(routes.id, p('id'))));
/** Shape: the keys of the stop's patch (shapeOf). */
const updateStopQ = new Statement<Record<string, unknown>, unknown>((db, p, shape) => db.update(stops).set(setOf(shape, p)).where(eq(stops.id, p('id'))));
/** Shape: `<e:keys of the stop event's set, when there is one>|<u when ETAs are written>|<o when outbox entries are>` (see setEtas). */
const setEtasQ = new Statement<Record<string, unknown>, unknown>((db, p, shape) => {
  const [event, u, o] = shape.split('|') as [string, string, string];
  const parts: SQL[] = [];
  if (event) parts.push(sql`stop_event as ${db.update(stops).set(setOf(event.slice(2), p, 'ev_')).where(eq(stops.id, p('ev_id')))}`);
  const update = u ? sql`update ${stops} set eta = v.eta from unnest(${p('eta_ids')}::text[], ${p('etas')}::bigint[]) as v(id, eta) where ${stops.id} = v.id` : undefined;
  if (update && parts.length === 0 && !o) return db.execute(update);
  if (update) parts.push(sql`upd as (${update})`);
  if (o) parts.push(sql`ins as (${outboxInsertOf(p as P<Record<string, unknown>>)})`);
  return db.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
});
const stopWithRouteForUpdate = new Statement<Id, Array<{ stop: StopRow; route: RouteRow }>>((db, p) =>
  db.select({ stop: stops, route: routes }).from(stops).innerJoin(routes, eq(routes.id, stops.routeId)).where(eq(stops.id, p('id'))).for('update', { of: stops }),
);
const currentRouteWithStopsQ = new Statement<{ vehicleId: string }, Array<{ route: RouteRow; stop: StopRow | null; windowStart: number | null; customerId: string | null; hubId: string | null }>>((db, p) => {
  const current = db
    .select({ id: routes.id })
    .from(routes)
    .where(and(eq(routes.vehicleId, p('vehicleId')), routeIsOpen))
    .orderBy(sql`${routes.state} = 'started' desc`, asc(routes.id))
    .limit(1);
  return db
    .select({ route: routes, stop: stops, windowStart: orders.windowStart, customerId: orders.customerId, hubId: orders.hubId })
    .from(routes)
    .leftJoin(stops, eq(stops.routeId, routes.id))
    .leftJoin(orders, eq(orders.id, stops.orderId))
    .where(sql`${routes.id} = (${current})`)
    .orderBy(asc(stops.seq));
});
const deliveryStopForUpdateQ = new Statement<Id, Array<{ target: StopRow; targetOrder: OrderRow; route: RouteRow; stop: StopRow; windowStart: number | null; customerId: string | null; hubId: string | null; orderHasIssuedGrant: boolean }>>((db, p) =>
  db
    .select({
      target,
      targetOrder,
      route: routes,
      stop: stops,
      windowStart: orders.windowStart,
      customerId: orders.customerId,
      hubId: orders.hubId,
      orderHasIssuedGrant: sql<boolean>`exists (select 1 from ${accessGrants} where ${accessGrants.orderId} = ${target.orderId} and ${accessGrants.state} = 'issued')`,
    })
    .from(target)
    .innerJoin(targetOrder, eq(targetOrder.id, target.orderId))
    .innerJoin(routes, eq(routes.id, target.routeId))
    .innerJoin(stops, eq(stops.routeId, target.routeId))
    .leftJoin(orders, eq(orders.id, stops.orderId))
    .where(eq(target.id, p('id')))
    .orderBy(asc(stops.seq))
    .for('update', { of: [target, targetOrder] }),
);
const openRoutesOfVehicleQ = new Statement<{ vehicleId: string }, RouteRow[]>((db, p) =>
  db.select().from(routes).where(and(eq(routes.vehicleId, p('vehicleId')), routeIsOpen)).orderBy(asc(routes.id)),
);

export class PlansRepo {
  constructor(private readonly ex: Executor) {}

  /** Locks the hub row until the transaction ends: plan writes for one hub are serialised. */
  async lockHub(hubId: string): Promise<boolean> {
    const rows = await lockHubQ.run(this.ex, { id: hubId });
    return rows.length === 1;
  }

  /**
   * A dispatch round's plan replaces the hub's previous one, in one statement: the new plan, the
   * previous one superseded, the routes carried over moved into the new plan, the re-planned
   * routes cancelled with their unvisited stops skipped, and the new routes and stops inserted.
   */
  async replacePlan(change: { plan: PlanRow; previousId: string | null; keptRouteIds: readonly string[]; cancelledRouteIds: readonly string[]; routes: RouteRow[]; stops: StopRow[] }): Promise<void> {
    const values: Record<string, unknown> = { previousId: change.previousId, kept: change.keptRouteIds, cancelled: change.cancelledRouteIds };
    for (const [k, v] of Object.entries(change.plan)) values[`plan_${k}`] = v;
    if (change.routes.length) Object.assign(values, rowsValues(routes, change.routes, 'route_'));
    if (change.stops.length) Object.assign(values, rowsValues(stops, change.stops, 'stop_'));
    const flag = (on: boolean, c: string) => (on ? c : '');
    const shape = flag(change.previousId !== null, 'p') + flag(change.keptRouteIds.length > 0, 'k') + flag(change.cancelledRouteIds.length > 0, 'c') + flag(change.routes.length > 0, 'r') + flag(change.stops.length > 0, 's');
    await replacePlanQ.run(this.ex, values, `${shape}|${shapeOf(change.plan)}`);
  }

  async insertPlan(row: PlanRow): Promise<void> {
    await this.ex.insert(plans).values(row);
  }

  async insertRoutes(rows: RouteRow[]): Promise<void> {
    if (rows.length) await this.ex.insert(routes).values(rows);
  }

  async getPlan(id: string): Promise<PlanRow | undefined> {
    const [row] = await this.ex.select().from(plans).where(eq(plans.id, id));
    return row;
  }

  /** The hub's current plan (the newest in state active), if any. */
  async activeForHub(hubId: string): Promise<PlanRow | undefined> {
    const [row] = await activePlanOfHub.run(this.ex, { hubId });
    return row;
  }

  async routesOfPlan(planId: string): Promise<RouteRow[]> {
    return routesOfPlanQ.run(this.ex, { planId });
  }

  async getRoutes(ids: readonly string[]): Promise<RouteRow[]> {
    if (ids.length === 0) return [];
    return routesByIds.run(this.ex, { ids });
  }

  async getRoute(id: string): Promise<RouteRow | undefined> {
    const [row] = await this.ex.select().from(routes).where(eq(routes.id, id));
    return row;
  }

  async setRouteState(id: string, state: string, patch: { endAt?: number | null } = {}): Promise<void> {
    await setRouteStateQ.run(this.ex, { id, state, ...patch }, shapeOf(patch));
  }

  async stopsOfRoutes(routeIds: string[]): Promise<StopRow[]> {
    if (!routeIds.length) return [];
    return stopsOfRoutesQ.run(this.ex, { ids: routeIds });
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
    await updateStopQ.run(this.ex, { ...patch, id }, shapeOf(patch));
  }

  /**
   * Writes ETAs for many stops in one statement (routes hold tens of stops), with the outbox
   * entries announcing them and, for a stop event, that stop's new state (same statement, a
   * data-modifying CTE).
   */
  async setEtas(etas: Array<{ id: string; eta: number | null }>, announce: NewOutboxEvent[] = [], stopEvent?: { id: string; patch: StopEventPatch }): Promise<void> {
    const values: Record<string, unknown> = {};
    let event = '';
    if (stopEvent) {
      // The event's stop is written once, its ETA with its state (a row is updated once per statement).
      const own = etas.find((e) => e.id === stopEvent.id);
      etas = etas.filter((e) => e.id !== stopEvent.id);
      const set = own ? { ...stopEvent.patch, eta: own.eta } : stopEvent.patch;
      event = `e:${shapeOf(set)}`;
      values.ev_id = stopEvent.id;
      for (const [k, v] of Object.entries(set)) values[`ev_${k}`] = v;
    }
    if (etas.length) (values.eta_ids = etas.map((e) => e.id)), (values.etas = etas.map((e) => e.eta));
    if (announce.length) Object.assign(values, outboxValues(announce));
    if (!event && !etas.length && !announce.length) return;
    await setEtasQ.run(this.ex, values, `${event}|${etas.length ? 'u' : ''}|${announce.length ? 'o' : ''}`);
  }

  /** A stop with its route, the stop row locked (stop events read-modify-write it); one statement. */
  async getStopWithRouteForUpdate(id: string): Promise<{ stop: StopRow; route: RouteRow } | undefined> {
    const [row] = await stopWithRouteForUpdate.run(this.ex, { id });
    return row;
  }

  /**
   * The vehicle's route in progress, else its next planned one (by id), with its stops in sequence,
   * each with its order's window start, customer and hub; one statement.
   */
  async currentRouteWithStops(vehicleId: string): Promise<{ route: RouteRow; stops: StopWithOrder[] } | undefined> {
    const rows = await currentRouteWithStopsQ.run(this.ex, { vehicleId });
    if (rows.length === 0) return undefined;
    return {
      route: rows[0]!.route,
      stops: rows.filter((r) => r.stop).map((r) => ({ ...r.stop!, order: r.customerId !== null && r.windowStart !== null ? { windowStart: r.windowStart, customerId: r.customerId, hubId: r.hubId } : null })),
    };
  }

  /**
   * A delivery stop event's facts in one statement: the stop and its order, both rows locked (stop
   * events read-modify-write them, stop first), the stop's route, the route's stops in sequence
   * with what ETAs need of their orders (as currentRouteWithStops gives them), and whether the
   * order holds an issued access grant. Undefined when there is no such stop or it has no order.
   */
  async deliveryStopForUpdate(id: string): Promise<{ stop: StopRow; order: OrderRow; route: RouteRow; stops: StopWithOrder[]; orderHasIssuedGrant: boolean } | undefined> {
    const rows = await deliveryStopForUpdateQ.run(this.ex, { id });
    if (rows.length === 0) return undefined;
    const first = rows[0]!;
    return {
      stop: first.target,
      order: first.targetOrder,
      route: first.route,
      stops: rows.map((r) => ({ ...r.stop, order: r.customerId !== null && r.windowStart !== null ? { windowStart: r.windowStart, customerId: r.customerId, hubId: r.hubId } : null })),
      orderHasIssuedGrant: first.orderHasIssuedGrant,
    };
  }

  /** Routes of a vehicle that are planned or started (the vehicle's current work). */
  async openRoutesOfVehicle(vehicleId: string): Promise<RouteRow[]> {
    return openRoutesOfVehicleQ.run(this.ex, { vehicleId });
  }
}
