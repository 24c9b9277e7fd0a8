// Delivery promises (quotes), kept until they expire so that an order can cite one.
import { eq } from 'drizzle-orm';
import { quotes } from '../schema.js';
import type { Executor } from '../types.js';

export type QuoteRow = typeof quotes.$inferSelect;

export class QuotesRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: QuoteRow): Promise<void> {
    await this.ex.insert(quotes).values(row);
  }

  async get(id: string): Promise<QuoteRow | undefined> {
    const [row] = await this.ex.select().from(quotes).where(eq(quotes.id, id));
    return row;
  }
}
