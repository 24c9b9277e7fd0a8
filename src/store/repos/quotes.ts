// Delivery promises (quotes), kept until they expire so that an order can cite one.
import { eq } from 'drizzle-orm';
import { orders, quotes } from '../schema.js';
import type { Executor } from '../types.js';
import { InsertRows } from './compiled.js';

export type QuoteRow = typeof quotes.$inferSelect;

const insertQ = new InsertRows(quotes);

export class QuotesRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: QuoteRow): Promise<void> {
    await insertQ.run(this.ex, [row]);
  }

  async get(id: string): Promise<QuoteRow | undefined> {
    const [row] = await this.ex.select().from(quotes).where(eq(quotes.id, id));
    return row;
  }

  /** Records on the order the mode chosen from this quote (same transaction as the intake). */
  async attachToOrder(orderId: string, mode: string, quoteId: string): Promise<void> {
    await this.ex.update(orders).set({ deliveryMode: mode, quoteId }).where(eq(orders.id, orderId));
  }
}
