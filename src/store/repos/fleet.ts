// Fleet state written by tracking: vehicle listing, position/status updates, telemetry history.
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { telemetry, vehicles } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';
import { setOf, shapeOf, Statement } from './compiled.js';
import { rowsOf } from './raw-rows.js';

export type TelemetryRow = typeof telemetry.$inferSelect;
type VehicleRow = typeof vehicles.$inferSelect;

/** A position report (see reportPosition); shape: `<keys of the vehicle's set>|<keys of the telemetry row>` (shapeOf). */
const reportPositionQ = new Statement<Record<string, unknown>, unknown>((db, p, shape) => {
  const [set, history] = shape.split('|') as [string, string];
  const update = db
    .update(vehicles)
    .set(setOf(set, p, 'v_'))
    .where(and(eq(vehicles.id, p('id')), or(isNull(vehicles.lastSeenAt), lte(vehicles.lastSeenAt, p('at')))))
    .returning();
  return db.execute(sql`with upd as ${update}, ins as ${db.insert(telemetry).values(setOf(history, p, 't_') as never)} select * from upd`);
});

export class FleetRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async list(filter: { hubId?: string }, page: PageRequest): Promise<Page<VehicleRow>> {
    const rows = await this.ex
      .select()
      .from(vehicles)
      .where(and(filter.hubId ? eq(vehicles.hubId, filter.hubId) : undefined, page.afterId ? gt(vehicles.id, page.afterId) : undefined))
      .orderBy(asc(vehicles.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async updateVehicle(
    id: string,
    patch: Partial<Pick<VehicleRow, 'status' | 'lastLon' | 'lastLat' | 'batteryPct' | 'lastSeenAt'>>,
  ): Promise<void> {
    await this.ex.update(vehicles).set(patch).where(eq(vehicles.id, id));
    afterWrite(this.sink, 'vehicles', (c) => c.patchVehicle(id, patch));
  }

  /**
   * A position report's update, unless the vehicle has a newer one (lastSeenAt > `at`): the
   * updated row, or undefined when the vehicle is missing or newer (one statement instead of a
   * read and a write).
   */
  async updateVehicleIfNotNewer(
    id: string,
    at: number,
    patch: Partial<Pick<VehicleRow, 'status' | 'lastLon' | 'lastLat' | 'batteryPct'>>,
  ): Promise<VehicleRow | undefined> {
    const set = { ...patch, lastSeenAt: at };
    const [row] = await this.ex
      .update(vehicles)
      .set(set)
      .where(and(eq(vehicles.id, id), or(isNull(vehicles.lastSeenAt), lte(vehicles.lastSeenAt, at))))
      .returning();
    if (row) afterWrite(this.sink, 'vehicles', (c) => c.patchVehicle(id, set));
    return row;
  }

  /**
   * updateVehicleIfNotNewer and insertTelemetry in ONE statement (a position report): the updated
   * row, or undefined when the vehicle is missing or has a newer report; the history row is
   * written either way.
   */
  async reportPosition(
    id: string,
    at: number,
    patch: Partial<Pick<VehicleRow, 'status' | 'lastLon' | 'lastLat' | 'batteryPct'>>,
    history: Omit<TelemetryRow, 'seq'>,
  ): Promise<VehicleRow | undefined> {
    const set = { ...patch, lastSeenAt: at };
    const values: Record<string, unknown> = { id, at };
    for (const [k, v] of Object.entries(set)) values[`v_${k}`] = v;
    for (const [k, v] of Object.entries(history)) values[`t_${k}`] = v;
    const [row] = rowsOf(vehicles, await reportPositionQ.run(this.ex, values, `${shapeOf(set)}|${shapeOf(history)}`));
    if (row) afterWrite(this.sink, 'vehicles', (c) => c.patchVehicle(id, set));
    return row;
  }

  async insertTelemetry(row: Omit<TelemetryRow, 'seq'>): Promise<void> {
    await this.ex.insert(telemetry).values(row);
  }

  /** Newest telemetry of a vehicle (by report time, then arrival order). */
  async latestTelemetry(vehicleId: string): Promise<TelemetryRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(telemetry)
      .where(eq(telemetry.vehicleId, vehicleId))
      .orderBy(desc(telemetry.at), desc(telemetry.seq))
      .limit(1);
    return row;
  }
}
