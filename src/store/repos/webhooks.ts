// Webhook subscriptions, deliveries (one per subscription and outbox event) and their attempts,
// plus the outbox reads the relay and the SSE streams need (claiming with SKIP LOCKED, tailing by seq).
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { outbox, webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../schema.js';
import type { Executor } from '../types.js';
import type { OutboxRow } from './outbox.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;

export interface SubscriptionOwner {
  role: string;
  subjectId: string | null;
}

export class WebhooksRepo {
  constructor(private readonly ex: Executor) {}

  // ------------------------------------------------------------ subscriptions

  async insertSubscription(row: WebhookSubscriptionRow): Promise<void> {
    await this.ex.insert(webhookSubscriptions).values(row);
  }

  async getSubscription(id: string): Promise<WebhookSubscriptionRow | undefined> {
    const [row] = await this.ex.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    return row;
  }

  /** Subscriptions of one owner (undefined = every owner, for operators). */
  async listSubscriptions(owner: SubscriptionOwner | undefined, page: PageRequest): Promise<Page<WebhookSubscriptionRow>> {
    const rows = await this.ex
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          owner ? eq(webhookSubscriptions.ownerRole, owner.role) : undefined,
          owner ? (owner.subjectId === null ? isNull(webhookSubscriptions.ownerSubjectId) : eq(webhookSubscriptions.ownerSubjectId, owner.subjectId)) : undefined,
          page.afterId ? gt(webhookSubscriptions.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(webhookSubscriptions.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async activeSubscriptions(): Promise<WebhookSubscriptionRow[]> {
    return this.ex.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.active, true)).orderBy(asc(webhookSubscriptions.id));
  }

  async updateSubscription(id: string, patch: Partial<Pick<WebhookSubscriptionRow, 'url' | 'eventTypes' | 'active'>>): Promise<WebhookSubscriptionRow | undefined> {
    const [row] = await this.ex.update(webhookSubscriptions).set(patch).where(eq(webhookSubscriptions.id, id)).returning();
    return row;
  }

  // ------------------------------------------------------------ outbox relay

  /**
   * Unpublished outbox rows, oldest first, locked for this transaction. SKIP LOCKED lets several
   * relays run side by side on PostgreSQL without handling the same event twice.
   */
  async claimUnpublished(limit: number): Promise<OutboxRow[]> {
    return this.ex
      .select()
      .from(outbox)
      .where(isNull(outbox.publishedAt))
      .orderBy(asc(outbox.seq))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  /** Outbox rows after `afterSeq` (published or not), oldest first: the SSE tail. */
  async outboxAfter(afterSeq: number, limit: number, aggregateOrOrderId?: string): Promise<OutboxRow[]> {
    return this.ex
      .select()
      .from(outbox)
      .where(
        and(
          gt(outbox.seq, afterSeq),
          aggregateOrOrderId
            ? or(eq(outbox.aggregateId, aggregateOrOrderId), sql`${outbox.payload} ->> 'orderId' = ${aggregateOrOrderId}`)
            : undefined,
        ),
      )
      .orderBy(asc(outbox.seq))
      .limit(limit);
  }

  async lastOutboxSeq(): Promise<number> {
    const [row] = await this.ex.select({ seq: outbox.seq }).from(outbox).orderBy(desc(outbox.seq)).limit(1);
    return row?.seq ?? 0;
  }

  // ------------------------------------------------------------ deliveries

  /** Inserts deliveries; an existing (subscription, event) pair is left alone (the relay may be re-run). */
  /** In statements of at most 1000 rows: a statement binds at most 65,535 parameters (10 per row). */
  async insertDeliveries(rows: WebhookDeliveryRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await this.ex.insert(webhookDeliveries).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  }

  async getDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.ex.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    return row;
  }

  /**
   * Pending deliveries due at `now`, locked (SKIP LOCKED), and leased: their next attempt moves to
   * `leaseUntil`, so after this transaction commits no other dispatcher takes them while this one
   * makes the HTTP call. A crashed dispatcher's lease simply runs out and the delivery is retried.
   */
  async claimDue(now: number, leaseUntil: number, limit: number): Promise<WebhookDeliveryRow[]> {
    const due = await this.ex
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    await this.ex.update(webhookDeliveries).set({ nextAttemptAt: leaseUntil }).where(inArray(webhookDeliveries.id, due.map((d) => d.id)));
    return due;
  }

  /**
   * Records the outcome of attempt number `attemptNo`; guarded so that a delivery already settled,
   * or an attempt recorded by someone else, is not changed. False when the guard failed.
   */
  async settle(id: string, attemptNo: number, patch: { state: string; nextAttemptAt: number; deliveredAt: number | null }): Promise<boolean> {
    const rows = await this.ex
      .update(webhookDeliveries)
      .set({ ...patch, attempts: attemptNo })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending'), eq(webhookDeliveries.attempts, attemptNo - 1)))
      .returning({ id: webhookDeliveries.id });
    return rows.length === 1;
  }

  /** Closes a pending delivery without an attempt (its subscription was deactivated). */
  async drop(id: string): Promise<void> {
    await this.ex.update(webhookDeliveries).set({ state: 'dead' }).where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, 'pending')));
  }

  async insertAttempt(row: WebhookAttemptRow): Promise<void> {
    await this.ex.insert(webhookAttempts).values(row);
  }

  /**
   * `settle` for many deliveries in one statement (same guard per row). Returns the ids whose
   * guard held; the others were settled by someone else.
   */
  async settleMany(rows: Array<{ id: string; attemptNo: number; state: string; nextAttemptAt: number; deliveredAt: number | null }>): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const values = sql.join(
      rows.map((r) => sql`(${r.id}::text, ${r.attemptNo}::int, ${r.state}::text, ${r.nextAttemptAt}::bigint, ${r.deliveredAt}::bigint)`),
      sql`, `,
    );
    const updated = await this.ex.execute<{ id: string }>(sql`
      update ${webhookDeliveries} as d
         set state = v.state, attempts = v.attempt_no, next_attempt_at = v.next_at, delivered_at = v.delivered_at
        from (values ${values}) as v(id, attempt_no, state, next_at, delivered_at)
       where d.id = v.id and d.state = 'pending' and d.attempts = v.attempt_no - 1
      returning d.id`);
    // node-postgres returns { rows }, PGlite too; both are arrays of records.
    const list = (updated as unknown as { rows: Array<{ id: string }> }).rows;
    return new Set(list.map((r) => r.id));
  }

  async insertAttempts(rows: WebhookAttemptRow[]): Promise<void> {
    if (rows.length) await this.ex.insert(webhookAttempts).values(rows);
  }

  async listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDeliveryRow>> {
    const rows = await this.ex
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), page.afterId ? gt(webhookDeliveries.id, page.afterId) : undefined))
      .orderBy(asc(webhookDeliveries.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async attemptsFor(deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return this.ex
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, deliveryIds))
      .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.attemptNo));
  }
}
