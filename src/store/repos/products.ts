// Product catalogue.
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { products } from '../schema.js';
import { afterWrite, cachedReads, type CacheSink } from '../reference-cache.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type ProductRow = typeof products.$inferSelect;

export class ProductsRepo {
  constructor(
    private readonly ex: Executor,
    private readonly sink?: CacheSink,
  ) {}

  async insert(row: ProductRow): Promise<void> {
    await this.ex.insert(products).values(row);
    afterWrite(this.sink, 'products', (c) => c.invalidate('products'));
  }

  async get(id: string): Promise<ProductRow | undefined> {
    if (cachedReads(this.sink)) return (await this.byIds([id]))[0];
    const [row] = await this.ex.select().from(products).where(eq(products.id, id));
    return row;
  }

  async getBySku(sku: string): Promise<ProductRow | undefined> {
    if (cachedReads(this.sink)) return (await this.bySkus([sku]))[0];
    const [row] = await this.ex.select().from(products).where(eq(products.sku, sku));
    return row;
  }

  async bySkus(skus: string[]): Promise<ProductRow[]> {
    if (skus.length === 0) return [];
    const load = (wanted: string[]) => this.ex.select().from(products).where(inArray(products.sku, wanted));
    const cache = cachedReads(this.sink);
    return cache ? cache.products('sku', skus, load) : load(skus);
  }

  async byIds(ids: string[]): Promise<ProductRow[]> {
    if (ids.length === 0) return [];
    const load = (wanted: string[]) => this.ex.select().from(products).where(inArray(products.id, wanted));
    const cache = cachedReads(this.sink);
    return cache ? cache.products('id', ids, load) : load(ids);
  }

  async list(page: PageRequest): Promise<Page<ProductRow>> {
    const rows = await this.ex
      .select()
      .from(products)
      .where(page.afterId ? gt(products.id, page.afterId) : undefined)
      .orderBy(asc(products.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }
}
