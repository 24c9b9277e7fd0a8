// The transactional outbox: domain events appended in the same transaction as the change
// they describe; a publisher (webhooks, SSE) reads unpublished rows in seq order.
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { outbox } from '../schema.js';
import type { Executor } from '../types.js';
import { outboxInsert } from './array-rows.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxEvent = Omit<OutboxRow, 'seq' | 'publishedAt'>;

export class OutboxRepo {
  constructor(private readonly ex: Executor) {}

  async append(events: NewOutboxEvent[]): Promise<void> {
    if (events.length) await this.ex.execute(outboxInsert(events));
  }

  /** Unpublished events after `afterSeq`, oldest first. */
  async unpublished(afterSeq: number, limit: number): Promise<OutboxRow[]> {
    return this.ex
      .select()
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), gt(outbox.seq, afterSeq)))
      .orderBy(asc(outbox.seq))
      .limit(limit);
  }

  async forAggregate(aggregateId: string): Promise<OutboxRow[]> {
    return this.ex.select().from(outbox).where(eq(outbox.aggregateId, aggregateId)).orderBy(asc(outbox.seq));
  }

  /** The seqs travel as one array parameter: one statement text whatever the batch size (an IN list binds one parameter per event). */
  async markPublished(seqs: number[], now: number): Promise<void> {
    if (seqs.length) await this.ex.update(outbox).set({ publishedAt: now }).where(sql`${outbox.seq} = any(${sql.param(seqs)}::bigint[])`);
  }
}
