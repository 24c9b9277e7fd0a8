// Fleet: vans and drones based at hubs (dispatch and tracking build on this).
import { asc, eq } from 'drizzle-orm';
import { vehicles } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { Statement } from './compiled.js';

export type VehicleRow = typeof vehicles.$inferSelect;

const forHubQ = new Statement<{ hubId: string }, VehicleRow[]>((db, p) => db.select().from(vehicles).where(eq(vehicles.hubId, p('hubId'))).orderBy(asc(vehicles.id)));

export class VehiclesRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async insert(row: VehicleRow): Promise<void> {
    await this.ex.insert(vehicles).values(row);
    afterWrite(this.sink, 'vehicles', (c) => c.invalidate('vehicles'));
  }

  /** Every vehicle (a city has tens to hundreds), ordered by id: what the cache keeps. */
  private all(): Promise<VehicleRow[]> {
    return this.ex.select().from(vehicles).orderBy(asc(vehicles.id));
  }

  async get(id: string): Promise<VehicleRow | undefined> {
    const cache = cachedReads(this.sink);
    if (cache) return (await cache.table('vehicles', () => this.all())).find((v) => v.id === id);
    const [row] = await this.ex.select().from(vehicles).where(eq(vehicles.id, id));
    return row;
  }

  async forHub(hubId: string): Promise<VehicleRow[]> {
    const cache = cachedReads(this.sink);
    if (cache) return (await cache.table('vehicles', () => this.all())).filter((v) => v.hubId === hubId);
    return forHubQ.run(this.ex, { hubId });
  }
}
