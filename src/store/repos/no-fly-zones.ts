// No-fly zones drawn by operators (the parsed zone lives in a jsonb column).
import { asc, eq } from 'drizzle-orm';
import { noFlyZones } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';

export type NoFlyZoneRow = typeof noFlyZones.$inferSelect;

export class NoFlyZonesRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async insert(rows: NoFlyZoneRow[]): Promise<void> {
    if (rows.length) await this.ex.insert(noFlyZones).values(rows);
    afterWrite(this.sink, 'noFlyZones', (c) => c.invalidate('noFlyZones'));
  }

  async get(id: string): Promise<NoFlyZoneRow | undefined> {
    if (cachedReads(this.sink)) return (await this.all()).find((z) => z.id === id);
    const [row] = await this.ex.select().from(noFlyZones).where(eq(noFlyZones.id, id));
    return row;
  }

  /** Every zone (a city has tens, not thousands): eligibility and detours need them all. */
  async all(): Promise<NoFlyZoneRow[]> {
    const load = () => this.ex.select().from(noFlyZones).orderBy(asc(noFlyZones.id));
    const cache = cachedReads(this.sink);
    return cache ? cache.table('noFlyZones', load) : load();
  }

  async replace(id: string, patch: Pick<NoFlyZoneRow, 'name' | 'kind' | 'zone' | 'updatedAt'>): Promise<boolean> {
    const rows = await this.ex.update(noFlyZones).set(patch).where(eq(noFlyZones.id, id)).returning({ id: noFlyZones.id });
    afterWrite(this.sink, 'noFlyZones', (c) => c.invalidate('noFlyZones'));
    return rows.length === 1;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.ex.delete(noFlyZones).where(eq(noFlyZones.id, id)).returning({ id: noFlyZones.id });
    afterWrite(this.sink, 'noFlyZones', (c) => c.invalidate('noFlyZones'));
    return rows.length === 1;
  }
}
