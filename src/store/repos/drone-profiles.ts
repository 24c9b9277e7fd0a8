// The drone side of vehicles: spec, cargo bay, wear (cycles, maintenance).
import { asc, eq, inArray } from 'drizzle-orm';
import { droneProfiles } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';

export type DroneProfileRow = typeof droneProfiles.$inferSelect;

export class DroneProfilesRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async insert(row: DroneProfileRow): Promise<void> {
    await this.ex.insert(droneProfiles).values(row);
    afterWrite(this.sink, 'droneProfiles', (c) => c.invalidate('droneProfiles'));
  }

  /** Every profile, by vehicle id: what the cache keeps. */
  private all(): Promise<DroneProfileRow[]> {
    return this.ex.select().from(droneProfiles).orderBy(asc(droneProfiles.vehicleId));
  }

  async get(vehicleId: string): Promise<DroneProfileRow | undefined> {
    const cache = cachedReads(this.sink);
    if (cache) return (await cache.table('droneProfiles', () => this.all())).find((p) => p.vehicleId === vehicleId);
    const [row] = await this.ex.select().from(droneProfiles).where(eq(droneProfiles.vehicleId, vehicleId));
    return row;
  }

  /** Locks the profile until the transaction ends (read-modify-write of the counters). */
  async getForUpdate(vehicleId: string): Promise<DroneProfileRow | undefined> {
    const [row] = await this.ex.select().from(droneProfiles).where(eq(droneProfiles.vehicleId, vehicleId)).for('update');
    return row;
  }

  async forVehicles(vehicleIds: string[]): Promise<DroneProfileRow[]> {
    if (vehicleIds.length === 0) return [];
    const cache = cachedReads(this.sink);
    if (cache) {
      const wanted = new Set(vehicleIds);
      return (await cache.table('droneProfiles', () => this.all())).filter((p) => wanted.has(p.vehicleId));
    }
    return this.ex.select().from(droneProfiles).where(inArray(droneProfiles.vehicleId, vehicleIds)).orderBy(asc(droneProfiles.vehicleId));
  }

  async update(vehicleId: string, patch: Partial<Omit<DroneProfileRow, 'vehicleId'>>): Promise<void> {
    await this.ex.update(droneProfiles).set(patch).where(eq(droneProfiles.vehicleId, vehicleId));
    afterWrite(this.sink, 'droneProfiles', (c) => c.invalidate('droneProfiles'));
  }
}
