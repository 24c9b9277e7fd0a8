// Hubs: where stock is kept and vehicles are based.
import { and, asc, eq, gt } from 'drizzle-orm';
import { hubs } from '../schema.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type HubRow = typeof hubs.$inferSelect;

export class HubsRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: HubRow): Promise<void> {
    await this.ex.insert(hubs).values(row);
  }

  async get(id: string): Promise<HubRow | undefined> {
    const [row] = await this.ex.select().from(hubs).where(eq(hubs.id, id));
    return row;
  }

  /** Every hub (a city has a handful); used by allocation. */
  async all(): Promise<HubRow[]> {
    return this.ex.select().from(hubs).orderBy(asc(hubs.id));
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
