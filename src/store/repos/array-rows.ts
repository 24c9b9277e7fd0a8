// Multi-row writes and id lists as array parameters (unnest, = any), so that a statement's text
// does not depend on how many rows it carries (row order = array order, as in ../intake.ts): one text per shape, prepared once (PGlite, see
// ../pglite-prepared.ts) instead of one text, and one parse, per row count.
import { type Column, type SQL, sql } from 'drizzle-orm';
import { orderEvents, outbox } from '../schema.js';

type NewOutboxEvent = Omit<typeof outbox.$inferSelect, 'seq' | 'publishedAt'>;
type OrderEventRow = typeof orderEvents.$inferSelect;

const arr = (values: unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** `column = any($n::text[])`: one text whatever the number of ids. */
export const anyOf = (column: Column, values: readonly string[]): SQL => sql`${column} = any(${arr([...values], 'text')})`;

/** INSERT of outbox entries (payloads as JSON text, cast in the statement). */
export function outboxInsert(events: readonly NewOutboxEvent[]): SQL {
  return sql`insert into ${outbox} (id, type, aggregate_type, aggregate_id, payload, created_at)
    select o.id, o.type, o.aggregate_type, o.aggregate_id, o.payload::jsonb, o.created_at
      from unnest(${arr(events.map((e) => e.id), 'text')}, ${arr(events.map((e) => e.type), 'text')}, ${arr(events.map((e) => e.aggregateType), 'text')},
                  ${arr(events.map((e) => e.aggregateId), 'text')}, ${arr(events.map((e) => JSON.stringify(e.payload)), 'text')}, ${arr(events.map((e) => e.createdAt), 'bigint')})
        as o(id, type, aggregate_type, aggregate_id, payload, created_at)`;
}

/** INSERT of order history events. */
export function orderEventsInsert(events: readonly OrderEventRow[]): SQL {
  return sql`insert into ${orderEvents} (id, order_id, from_state, to_state, actor, reason, at)
    select * from unnest(${arr(events.map((e) => e.id), 'text')}, ${arr(events.map((e) => e.orderId), 'text')}, ${arr(events.map((e) => e.fromState), 'text')},
                         ${arr(events.map((e) => e.toState), 'text')}, ${arr(events.map((e) => e.actor), 'text')}, ${arr(events.map((e) => e.reason), 'text')},
                         ${arr(events.map((e) => e.at), 'bigint')})`;
}
