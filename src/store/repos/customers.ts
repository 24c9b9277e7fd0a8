// Customers and their delivery addresses.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { addresses, customers } from '../schema.js';
import type { Executor } from '../types.js';
import { Statement } from './compiled.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type CustomerRow = typeof customers.$inferSelect;
export type AddressRow = typeof addresses.$inferSelect;

const addressById = new Statement<{ id: string }, AddressRow[]>((db, p) => db.select().from(addresses).where(eq(addresses.id, p('id'))));
const addressesByIds = new Statement<{ ids: string[] }, AddressRow[]>((db, p) => db.select().from(addresses).where(sql`${addresses.id} = any(${p('ids')}::text[])`));

export class CustomersRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: CustomerRow): Promise<void> {
    await this.ex.insert(customers).values(row);
  }

  async get(id: string): Promise<CustomerRow | undefined> {
    const [row] = await this.ex.select().from(customers).where(eq(customers.id, id));
    return row;
  }

  async list(page: PageRequest): Promise<Page<CustomerRow>> {
    const rows = await this.ex
      .select()
      .from(customers)
      .where(page.afterId ? gt(customers.id, page.afterId) : undefined)
      .orderBy(asc(customers.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async insertAddress(row: AddressRow): Promise<void> {
    await this.ex.insert(addresses).values(row);
  }

  async getAddress(id: string): Promise<AddressRow | undefined> {
    const [row] = await addressById.run(this.ex, { id });
    return row;
  }

  /** Addresses by id, in one statement (missing ids are simply absent). */
  async getAddresses(ids: readonly string[]): Promise<Map<string, AddressRow>> {
    if (ids.length === 0) return new Map();
    const rows = await addressesByIds.run(this.ex, { ids: [...new Set(ids)] });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async listAddresses(customerId: string, page: PageRequest): Promise<Page<AddressRow>> {
    const rows = await this.ex
      .select()
      .from(addresses)
      .where(and(eq(addresses.customerId, customerId), page.afterId ? gt(addresses.id, page.afterId) : undefined))
      .orderBy(asc(addresses.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }
}
