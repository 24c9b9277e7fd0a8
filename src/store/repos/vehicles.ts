// Fleet: vans and drones based at hubs (dispatch and tracking build on this).
import { asc, eq } from 'drizzle-orm';
import { vehicles } from '../schema.js';
import type { Executor } from '../types.js';

export type VehicleRow = typeof vehicles.$inferSelect;

export class VehiclesRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: VehicleRow): Promise<void> {
    await this.ex.insert(vehicles).values(row);
  }

  async get(id: string): Promise<VehicleRow | undefined> {
    const [row] = await this.ex.select().from(vehicles).where(eq(vehicles.id, id));
    return row;
  }

  async forHub(hubId: string): Promise<VehicleRow[]> {
    return this.ex.select().from(vehicles).where(eq(vehicles.hubId, hubId)).orderBy(asc(vehicles.id));
  }
}
