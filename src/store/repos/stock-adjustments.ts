// History of operator stock adjustments.
import { stockAdjustments } from '../schema.js';
import type { Executor } from '../types.js';

export type StockAdjustmentRow = typeof stockAdjustments.$inferSelect;

export class StockAdjustmentsRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: StockAdjustmentRow): Promise<void> {
    await this.ex.insert(stockAdjustments).values(row);
  }
}
