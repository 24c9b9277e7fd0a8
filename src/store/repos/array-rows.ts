// Multi-row writes and id lists as array parameters (unnest, = any), so that a statement's text
// does not depend on how many rows it carries (row order = array order, as in ../intake.ts): one text per shape, prepared once (PGlite, see
// ../pglite-prepared.ts) instead of one text, and one parse, per row count. Each insert is written
// once over named array slots: filled with the rows' values (`outboxInsert`), or with placeholders
// in a compiled statement (`outboxInsertOf(p)` + `outboxValues(rows)`, see compiled.ts).
import { type Column, getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { orderEvents, outbox } from '../schema.js';

type NewOutboxEvent = Omit<typeof outbox.$inferSelect, 'seq' | 'publishedAt'>;
type OrderEventRow = typeof orderEvents.$inferSelect;

const arr = (values: unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;
/** The chunk standing for the array named `name`: its value (else a placeholder, see compiled.ts). */
const filled = (values: Record<string, unknown[]>) => (name: string) => sql.param(values[name]);

/** `column = any($n::text[])`: one text whatever the number of ids. */
export const anyOf = (column: Column, values: readonly string[]): SQL => sql`${column} = any(${arr([...values], 'text')})`;

/** The arrays of outboxInsertOf. */
export const outboxValues = (events: readonly NewOutboxEvent[]) => ({
  ob_id: events.map((e) => e.id),
  ob_type: events.map((e) => e.type),
  ob_aggregate_type: events.map((e) => e.aggregateType),
  ob_aggregate_id: events.map((e) => e.aggregateId),
  ob_payload: events.map((e) => JSON.stringify(e.payload)),
  ob_created_at: events.map((e) => e.createdAt),
});

/** INSERT of outbox entries (payloads as JSON text, cast in the statement), from the arrays of outboxValues. */
export function outboxInsertOf(v: (name: keyof ReturnType<typeof outboxValues>) => SQLWrapper): SQL {
  return sql`insert into ${outbox} (id, type, aggregate_type, aggregate_id, payload, created_at)
    select o.id, o.type, o.aggregate_type, o.aggregate_id, o.payload::jsonb, o.created_at
      from unnest(${v('ob_id')}::text[], ${v('ob_type')}::text[], ${v('ob_aggregate_type')}::text[],
                  ${v('ob_aggregate_id')}::text[], ${v('ob_payload')}::text[], ${v('ob_created_at')}::bigint[])
        as o(id, type, aggregate_type, aggregate_id, payload, created_at)`;
}

/** INSERT of outbox entries. */
export const outboxInsert = (events: readonly NewOutboxEvent[]): SQL => outboxInsertOf(filled(outboxValues(events)));

/** The arrays of orderEventsInsertOf. */
export const orderEventsValues = (events: readonly OrderEventRow[]) => ({
  ev_id: events.map((e) => e.id),
  ev_order_id: events.map((e) => e.orderId),
  ev_from_state: events.map((e) => e.fromState),
  ev_to_state: events.map((e) => e.toState),
  ev_actor: events.map((e) => e.actor),
  ev_reason: events.map((e) => e.reason),
  ev_at: events.map((e) => e.at),
});

/** INSERT of order history events, from the arrays of orderEventsValues. */
export function orderEventsInsertOf(v: (name: keyof ReturnType<typeof orderEventsValues>) => SQLWrapper): SQL {
  return sql`insert into ${orderEvents} (id, order_id, from_state, to_state, actor, reason, at)
    select * from unnest(${v('ev_id')}::text[], ${v('ev_order_id')}::text[], ${v('ev_from_state')}::text[],
                         ${v('ev_to_state')}::text[], ${v('ev_actor')}::text[], ${v('ev_reason')}::text[],
                         ${v('ev_at')}::bigint[])`;
}

/** INSERT of order history events. */
export const orderEventsInsert = (events: readonly OrderEventRow[]): SQL => orderEventsInsertOf(filled(orderEventsValues(events)));

/**
 * INSERT of whole rows of `table` (every column, each array cast to its column's type), from the
 * arrays of rowsValues with the same `prefix`: one text whatever the number of rows.
 */
export function rowsInsertOf(table: PgTable, v: (name: string) => SQLWrapper, prefix: string): SQL {
  const columns = Object.entries(getTableColumns(table));
  return sql`insert into ${table} (${sql.join(columns.map(([, c]) => sql.identifier(c.name)), sql`, `)})
    select * from unnest(${sql.join(columns.map(([key, c]) => sql`${v(prefix + key)}::${sql.raw(c.getSQLType())}[]`), sql`, `)})`;
}

/** The arrays of rowsInsertOf: per column, its rows' values as the builder encodes them (every column must be given, null or not). */
export function rowsValues(table: PgTable, rows: readonly object[], prefix: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [key, c] of Object.entries(getTableColumns(table))) {
    out[prefix + key] = rows.map((r) => {
      const v = (r as Record<string, unknown>)[key];
      if (v === undefined) throw new Error(`${c.name}: no value for a row of ${prefix}`);
      return v === null ? null : c.mapToDriverValue(v);
    });
  }
  return out;
}
