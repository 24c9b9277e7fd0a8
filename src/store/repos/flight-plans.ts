// Drone flight plans (one per sortie), by hub and time for pad occupancy, by vehicle for devices.
import { and, asc, eq, gt, gte, isNull, lt, or, sql } from 'drizzle-orm';
import { flightPlans } from '../schema.js';
import type { Executor } from '../types.js';
import { anyOf } from './array-rows.js';
import { InsertRows, Statement } from './compiled.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type FlightPlanRow = typeof flightPlans.$inferSelect;

/** A flight plan's pad and drone times only (no 4D path): what pad and drone occupancy need. */
export type FlightPlanTimes = Pick<FlightPlanRow, 'id' | 'vehicleId' | 'routeId' | 'state' | 'padFrom' | 'padUntil' | 'takeoffAt' | 'landAt'>;

/** A flight plan's battery-pack times: launch handling to recovery, and its charge session (if any). */
export type FlightPlanChargeTimes = Pick<FlightPlanRow, 'id' | 'vehicleId' | 'routeId' | 'padFrom' | 'padUntil' | 'chargeFrom' | 'chargeUntil'>;

/**
 * Plans not cancelled, as a literal: the hub's partial indexes (migration 0009) hold these rows
 * only, and the planner uses them only for a predicate it can prove from the query text (a
 * parameter could be 'cancelled'); prepared statements keep one generic plan for all hubs.
 */
const notCancelled = sql`${flightPlans.state} <> 'cancelled'`;

export interface FlightPlanFilter {
  hubId?: string;
  vehicleId?: string;
  routeId?: string;
}

const insertQ = new InsertRows(flightPlans);
type Window = { hubId: string; from: number; until: number };
const padTimesQ = new Statement<Window, FlightPlanTimes[]>((db, p) =>
  db
    .select({
      id: flightPlans.id,
      vehicleId: flightPlans.vehicleId,
      routeId: flightPlans.routeId,
      state: flightPlans.state,
      padFrom: flightPlans.padFrom,
      padUntil: flightPlans.padUntil,
      takeoffAt: flightPlans.takeoffAt,
      landAt: flightPlans.landAt,
    })
    .from(flightPlans)
    .where(and(eq(flightPlans.hubId, p('hubId')), notCancelled, lt(flightPlans.padFrom, p('until')), gt(flightPlans.padUntil, p('from'))))
    .orderBy(asc(flightPlans.padFrom)),
);
/** `since` = from - 90,000 (the takeoff index's bound), `spentFrom` = from - spentHoldS (see chargeTimes). */
const chargeTimesQ = new Statement<Window & { since: number; spentFrom: number }, FlightPlanChargeTimes[]>((db, p) =>
  db
    .select({
      id: flightPlans.id,
      vehicleId: flightPlans.vehicleId,
      routeId: flightPlans.routeId,
      padFrom: flightPlans.padFrom,
      padUntil: flightPlans.padUntil,
      chargeFrom: flightPlans.chargeFrom,
      chargeUntil: flightPlans.chargeUntil,
    })
    .from(flightPlans)
    .where(
      and(
        eq(flightPlans.hubId, p('hubId')),
        notCancelled,
        gte(flightPlans.takeoffAt, p('since')),
        lt(flightPlans.padFrom, p('until')),
        or(gt(flightPlans.chargeUntil, p('from')), and(isNull(flightPlans.chargeUntil), or(gt(flightPlans.padUntil, p('from')), gt(flightPlans.padFrom, p('spentFrom'))))),
      ),
    )
    .orderBy(asc(flightPlans.padFrom)),
);

export class FlightPlansRepo {
  constructor(private readonly ex: Executor) {}

  async insert(rows: FlightPlanRow[]): Promise<void> {
    if (rows.length) await insertQ.run(this.ex, rows);
  }

  async get(id: string): Promise<FlightPlanRow | undefined> {
    const [row] = await this.ex.select().from(flightPlans).where(eq(flightPlans.id, id));
    return row;
  }

  /** Plans (not cancelled) at a hub whose pad occupancy overlaps [from, until). */
  async padOccupancy(hubId: string, from: number, until: number): Promise<FlightPlanRow[]> {
    return this.ex
      .select()
      .from(flightPlans)
      .where(and(eq(flightPlans.hubId, hubId), notCancelled, lt(flightPlans.padFrom, until), gt(flightPlans.padUntil, from)))
      .orderBy(asc(flightPlans.padFrom));
  }

  /** padOccupancy without the paths (a sortie's 4D path is most of its row): the times only. */
  async padTimes(hubId: string, from: number, until: number): Promise<FlightPlanTimes[]> {
    return padTimesQ.run(this.ex, { hubId, from, until });
  }

  /**
   * Plans (not cancelled) at a hub launched before `until` whose pack is still away at `from`: its
   * charge session ends after `from`, or (no session) its recovery does, or it launched less than
   * `spentHoldS` before `from` (a hub without chargers). Only sorties launched in the day before
   * `from` (25 h) are looked at, on the takeoff index: no pack is away longer.
   */
  async chargeTimes(hubId: string, from: number, until: number, spentHoldS: number): Promise<FlightPlanChargeTimes[]> {
    return chargeTimesQ.run(this.ex, { hubId, from, until, since: from - 90_000, spentFrom: from - spentHoldS });
  }

  async list(filter: FlightPlanFilter, page: PageRequest): Promise<Page<FlightPlanRow>> {
    const rows = await this.ex
      .select()
      .from(flightPlans)
      .where(
        and(
          filter.hubId ? eq(flightPlans.hubId, filter.hubId) : undefined,
          filter.vehicleId ? eq(flightPlans.vehicleId, filter.vehicleId) : undefined,
          filter.routeId ? eq(flightPlans.routeId, filter.routeId) : undefined,
          page.afterId ? gt(flightPlans.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(flightPlans.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  /** Cancels the route's plans still 'planned'; returns how many. */
  cancelPlannedForRoute(routeId: string): Promise<number> {
    return this.cancelPlannedForRoutes([routeId]);
  }

  /** cancelPlannedForRoute for several routes in one statement (a dispatch round's re-planned routes); returns how many. */
  async cancelPlannedForRoutes(routeIds: readonly string[]): Promise<number> {
    if (routeIds.length === 0) return 0;
    const rows = await this.ex
      .update(flightPlans)
      .set({ state: 'cancelled' })
      .where(and(anyOf(flightPlans.routeId, routeIds), eq(flightPlans.state, 'planned')))
      .returning({ id: flightPlans.id });
    return rows.length;
  }

  async setState(id: string, state: string): Promise<boolean> {
    const rows = await this.ex.update(flightPlans).set({ state }).where(eq(flightPlans.id, id)).returning({ id: flightPlans.id });
    return rows.length === 1;
  }
}
