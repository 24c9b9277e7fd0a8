// The transactional outbox: domain events appended in the same transaction as the change
// they describe; a publisher (webhooks, SSE) reads unpublished rows in seq order.
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { outbox } from '../schema.js';
import type { Executor } from '../types.js';
import { outboxInsertOf, outboxValues } from './array-rows.js';
import { Statement } from './compiled.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxEvent = Omit<OutboxRow, 'seq' | 'publishedAt'>;

const appendQ = new Statement<ReturnType<typeof outboxValues>, unknown>((db, p) => db.execute(outboxInsertOf(p)));
const unpublishedQ = new Statement<{ afterSeq: number; limit: number }, OutboxRow[]>((db, p) =>
  db.select().from(outbox).where(and(isNull(outbox.publishedAt), gt(outbox.seq, p('afterSeq')))).orderBy(asc(outbox.seq)).limit(p('limit')),
);
const markPublishedQ = new Statement<{ seqs: number[]; now: number }, unknown>((db, p) => db.update(outbox).set({ publishedAt: p('now') }).where(sql`${outbox.seq} = any(${p('seqs')}::bigint[])`));

export class OutboxRepo {
  constructor(private readonly ex: Executor) {}

  async append(events: NewOutboxEvent[]): Promise<void> {
    if (events.length) await appendQ.run(this.ex, outboxValues(events));
  }

  /** Unpublished events after `afterSeq`, oldest first. */
  async unpublished(afterSeq: number, limit: number): Promise<OutboxRow[]> {
    return unpublishedQ.run(this.ex, { afterSeq, limit });
  }

  async forAggregate(aggregateId: string): Promise<OutboxRow[]> {
    return this.ex.select().from(outbox).where(eq(outbox.aggregateId, aggregateId)).orderBy(asc(outbox.seq));
  }

  /** The seqs travel as one array parameter: one statement text whatever the batch size (an IN list binds one parameter per event). */
  async markPublished(seqs: number[], now: number): Promise<void> {
    if (seqs.length) await markPublishedQ.run(this.ex, { seqs, now });
  }
}
