// Reorder rules (min/max per hub and product) and supplier listings, for replenishment.
// The `SuppliersRepo` of the foundation inserts rows; this one reads, locks and updates them.
import { and, asc, eq, gt } from 'drizzle-orm';
import { reorderRules, suppliers } from '../schema.js';
import type { Executor } from '../types.js';
import { anyOf } from './array-rows.js';
import { toPage, type Page, type PageRequest } from './page.js';
import type { ReorderRuleRow, SupplierRow } from './suppliers.js';

export interface ReorderRuleFilter {
  hubId?: string;
  supplierId?: string;
}

export class ReorderRulesRepo {
  constructor(private readonly ex: Executor) {}

  async get(id: string): Promise<ReorderRuleRow | undefined> {
    const [row] = await this.ex.select().from(reorderRules).where(eq(reorderRules.id, id));
    return row;
  }

  /**
   * Locks the rule of (hub, product) until the transaction ends. Every replenishment check takes
   * this lock first, so two concurrent checks cannot both see "no open purchase order".
   */
  /** The hub's rules for `productIds`, locked in product-id order (the order every writer uses); one statement. */
  async lockForMany(hubId: string, productIds: readonly string[]): Promise<ReorderRuleRow[]> {
    if (productIds.length === 0) return [];
    return this.ex
      .select()
      .from(reorderRules)
      .where(and(eq(reorderRules.hubId, hubId), anyOf(reorderRules.productId, productIds)))
      .orderBy(asc(reorderRules.productId))
      .for('update');
  }

  async lockFor(hubId: string, productId: string): Promise<ReorderRuleRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(reorderRules)
      .where(and(eq(reorderRules.hubId, hubId), eq(reorderRules.productId, productId)))
      .for('update');
    return row;
  }

  async forHub(hubId: string): Promise<ReorderRuleRow[]> {
    return this.ex.select().from(reorderRules).where(eq(reorderRules.hubId, hubId)).orderBy(asc(reorderRules.productId));
  }

  async all(): Promise<ReorderRuleRow[]> {
    return this.ex.select().from(reorderRules).orderBy(asc(reorderRules.hubId), asc(reorderRules.productId));
  }

  async list(filter: ReorderRuleFilter, page: PageRequest): Promise<Page<ReorderRuleRow>> {
    const rows = await this.ex
      .select()
      .from(reorderRules)
      .where(
        and(
          filter.hubId ? eq(reorderRules.hubId, filter.hubId) : undefined,
          filter.supplierId ? eq(reorderRules.supplierId, filter.supplierId) : undefined,
          page.afterId ? gt(reorderRules.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(reorderRules.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async update(id: string, patch: Partial<Pick<ReorderRuleRow, 'reorderPoint' | 'reorderQuantity' | 'unitCostMinor' | 'enabled' | 'supplierId'>>): Promise<ReorderRuleRow | undefined> {
    const [row] = await this.ex.update(reorderRules).set(patch).where(eq(reorderRules.id, id)).returning();
    return row;
  }

  async listSuppliers(page: PageRequest): Promise<Page<SupplierRow>> {
    const rows = await this.ex
      .select()
      .from(suppliers)
      .where(page.afterId ? gt(suppliers.id, page.afterId) : undefined)
      .orderBy(asc(suppliers.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }
}
