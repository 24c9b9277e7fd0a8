// Fleet state written by tracking: vehicle listing, position/status updates, telemetry history.
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { telemetry, vehicles } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';
import { rowsOf } from './raw-rows.js';

export type TelemetryRow = typeof telemetry.$inferSelect;
type VehicleRow = typeof vehicles.$inferSelect;

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
    const update = this.ex
      .update(vehicles)
      .set(set)
      .where(and(eq(vehicles.id, id), or(isNull(vehicles.lastSeenAt), lte(vehicles.lastSeenAt, at))))
      .returning();
    const [row] = rowsOf(vehicles, await this.ex.execute(sql`with upd as ${update}, ins as ${this.ex.insert(telemetry).values(history)} select * from upd`));
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
