// Suppliers and reorder rules (the replenishment half builds purchase orders on top).
import { asc, eq } from 'drizzle-orm';
import { reorderRules, suppliers } from '../schema.js';
import type { Executor } from '../types.js';

export type SupplierRow = typeof suppliers.$inferSelect;
export type ReorderRuleRow = typeof reorderRules.$inferSelect;

export class SuppliersRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: SupplierRow): Promise<void> {
    await this.ex.insert(suppliers).values(row);
  }

  async get(id: string): Promise<SupplierRow | undefined> {
    const [row] = await this.ex.select().from(suppliers).where(eq(suppliers.id, id));
    return row;
  }

  async insertRule(row: ReorderRuleRow): Promise<void> {
    await this.ex.insert(reorderRules).values(row);
  }

  async rulesForHub(hubId: string): Promise<ReorderRuleRow[]> {
    return this.ex.select().from(reorderRules).where(eq(reorderRules.hubId, hubId)).orderBy(asc(reorderRules.id));
  }
}
