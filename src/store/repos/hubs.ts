// Hubs: where stock is kept and vehicles are based.
import { and, asc, eq, gt } from 'drizzle-orm';
import { hubs } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type HubRow = typeof hubs.$inferSelect;

export class HubsRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async insert(row: HubRow): Promise<void> {
    await this.ex.insert(hubs).values(row);
    afterWrite(this.sink, 'hubs', (c) => c.invalidate('hubs'));
  }

  async get(id: string): Promise<HubRow | undefined> {
    const cache = cachedReads(this.sink);
    if (cache) return (await this.all()).find((h) => h.id === id);
    const [row] = await this.ex.select().from(hubs).where(eq(hubs.id, id));
    return row;
  }

  /** Every hub (a city has a handful); used by allocation. */
  async all(): Promise<HubRow[]> {
    const load = () => this.ex.select().from(hubs).orderBy(asc(hubs.id));
    const cache = cachedReads(this.sink);
    return cache ? cache.table('hubs', load) : load();
  }

  async list(page: PageRequest): Promise<Page<HubRow>> {
    const rows = await this.ex
      .select()
      .from(hubs)
      .where(page.afterId ? and(gt(hubs.id, page.afterId)) : undefined)
      .orderBy(asc(hubs.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async count(): Promise<number> {
    return this.ex.$count(hubs);
  }
}
