// Product catalogue.
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { products } from '../schema.js';
import type { Executor } from '../types.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type ProductRow = typeof products.$inferSelect;

export class ProductsRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: ProductRow): Promise<void> {
    await this.ex.insert(products).values(row);
  }

  async get(id: string): Promise<ProductRow | undefined> {
    const [row] = await this.ex.select().from(products).where(eq(products.id, id));
    return row;
  }

  async getBySku(sku: string): Promise<ProductRow | undefined> {
    const [row] = await this.ex.select().from(products).where(eq(products.sku, sku));
    return row;
  }

  async bySkus(skus: string[]): Promise<ProductRow[]> {
    if (skus.length === 0) return [];
    return this.ex.select().from(products).where(inArray(products.sku, skus));
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
