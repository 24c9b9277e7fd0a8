// Order intake's hot path: usually ONE statement per order, a write that checks the reference
// data it was built from is current, claims the idempotency key, reserves stock at one hub and
// writes the order, its lines, events and outbox entry together, or writes nothing at all. The
// reference data (hubs, products, addresses) and a stock hint come from a per-process cache
// (intake-cache.ts); when the cache lacks something, one read fills it first.
// Writes of concurrent orders share one transaction (group commit): a hub's stock row is a hot row
// that every order locks until COMMIT, and COMMIT waits for the WAL flush, so one order per
// transaction caps a hub at one order per flush. Fixed SQL texts with array parameters, so
// node-postgres runs them as named prepared statements (parsed once per connection) and no query
// builder runs per order. The transactional path (repos/orders.ts, repos/stock.ts) stays the
// authority whenever this one declines.
import { IntakeReferenceCache, type CachedSnapshot } from './intake-cache.js';
import type { SqlRunner } from './types.js';

export interface IntakeAddress {
  id: string;
  customerId: string;
  lon: number;
  lat: number;
}
export interface IntakeProduct {
  id: string;
  sku: string;
  priceMinor: number;
  currency: string;
  weightG: number;
}
export interface IntakeStock {
  hubId: string;
  productId: string;
  onHand: number;
  reserved: number;
}
export interface IntakeHub {
  id: string;
  lon: number;
  lat: number;
  serviceRadiusM: number;
}

/** What order intake reads before it reserves (plain reads, no locks: the guarded reservation decides). */
export interface IntakeSnapshot {
  /** Undefined when no address has this id. */
  address: IntakeAddress | undefined;
  /** Products among the requested SKUs that exist. */
  products: IntakeProduct[];
  /** Stock rows (any hub) of those products. */
  stock: IntakeStock[];
  hubs: IntakeHub[];
}

/** The rows of one placed order, as intake writes them. */
export interface PlacedOrderRows {
  order: {
    id: string;
    customerId: string;
    addressId: string;
    hubId: string | null;
    state: string;
    windowStart: number;
    windowEnd: number;
    totalMinor: number;
    currency: string;
    weightG: number;
    createdAt: number;
    deliveryMode: string;
    /** The quote the delivery mode was chosen from (checked by the caller; quotes never change). */
    quoteId?: string | null;
  };
  lines: Array<{ lineNo: number; productId: string; sku: string; quantity: number; unitPriceMinor: number }>;
  /** Stamped with the order's createdAt, as are the outbox entries. */
  events: Array<{ id: string; fromState: string | null; toState: string; actor: string; reason: string | null }>;
  outbox: Array<{ id: string; type: string; aggregateType: string; aggregateId: string; payload: unknown }>;
}

/** The idempotency record written with the order: its key, request hash and the answer to replay. */
export interface IntakeClaim {
  scope: string;
  key: string;
  hash: string;
  status: number;
  response: unknown;
  /** `response` as JSON text, when the caller already has it (saves serialising it twice). */
  responseJson?: string;
}

// One row per (product, stock row); a row even when nothing matches, so the hubs and the version always arrive.
export const INTAKE_READ_SQL = `select a.id as "addressId", a.customer_id as "customerId", a.lon, a.lat,
       p.id as "productId", p.sku, p.price_minor as "priceMinor", p.currency, p.weight_g as "weightG",
       s.hub_id as "hubId", s.on_hand as "onHand", s.reserved,
       (select json_agg(json_build_array(h.id, h.lon, h.lat, h.service_radius_m) order by h.id) from hubs h) as hubs,
       (select r.version::float8 from intake_reference r where r.id = 1) as version
  from (select 1) as one
  left join addresses a on a.id = $1
  left join products p on p.sku = any($2::text[])
  left join stock s on s.product_id = p.id`;

// Everything is gated on the guard, the claim and the reservation. The guard: the reference
// version the order was built from is still current (no hub, product or address changed since it
// was cached), and no hub ranked before the chosen one (per the cached stock hint, $34) has every
// line available now. Without the key (claimed first by another request) nothing is reserved, and
// unless every line was reserved no order row is written. What a declined statement did write
// (the claim, a partial reservation) is what INTAKE_UNDO_SQL removes, before the transaction
// commits. Data-modifying CTEs all run to completion; foreign keys are checked at the end of the
// statement.
export const INTAKE_PLACE_SQL = `with guard as (
    select exists (select 1 from intake_reference r where r.id = 1 and r.version = $33::float8)
       and not exists (
         select 1 from unnest($34::text[]) as b(hub_id)
          where (select count(*) from unnest($13::text[], $16::int[]) as r(product_id, qty)
                   join stock s on s.hub_id = b.hub_id and s.product_id = r.product_id and s.on_hand - s.reserved >= r.qty) = cardinality($13::text[])
       ) as ok
  ),
  claim as (
    insert into idempotency_keys (scope, key, request_hash, status_code, response, created_at)
    select $23, $24, $25, $26, $27::jsonb, $10 where $24::text is not null and (select ok from guard)
    on conflict do nothing
    returning 1
  ),
  reserve as (
    update stock s set reserved = s.reserved + r.qty, updated_at = $10
      from unnest($13::text[], $16::int[]) as r(product_id, qty)
     where s.hub_id = $4 and s.product_id = r.product_id and s.on_hand - s.reserved >= r.qty
       and (select ok from guard) and ($24::text is null or exists (select 1 from claim))
    returning s.product_id, r.qty
  ),
  done as (select count(*) = cardinality($13::text[]) as ok from reserve),
  ins_order as (
    insert into orders (id, customer_id, address_id, hub_id, state, window_start, window_end, total_minor, currency, weight_g, created_at, updated_at, delivery_mode, quote_id)
    select $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $10, $12, $35 from done where done.ok
  ),
  ins_lines as (
    insert into order_lines (order_id, line_no, product_id, sku, quantity, unit_price_minor)
    select $1, l.* from unnest($14::int[], $13::text[], $15::text[], $16::int[], $17::int[]) as l where (select ok from done)
  ),
  ins_events as (
    insert into order_events (id, order_id, from_state, to_state, actor, reason, at)
    select e.id, $1, e.from_state, e.to_state, e.actor, e.reason, $10
      from unnest($18::text[], $19::text[], $20::text[], $21::text[], $22::text[]) as e(id, from_state, to_state, actor, reason) where (select ok from done)
  ),
  ins_outbox as (
    insert into outbox (id, type, aggregate_type, aggregate_id, payload, created_at)
    select o.id, o.type, o.aggregate_type, o.aggregate_id, o.payload::jsonb, $10
      from unnest($28::text[], $29::text[], $30::text[], $31::text[], $32::text[]) as o(id, type, aggregate_type, aggregate_id, payload) where (select ok from done)
  )
  select (select ok from done) as ok, exists (select 1 from claim) as claimed,
         coalesce((select array_agg(product_id) from reserve), '{}') as "reservedIds",
         coalesce((select array_agg(qty) from reserve), '{}') as "reservedQty",
         (select r.version::float8 from intake_reference r where r.id = 1) as version`;

// Undoes a declined INTAKE_PLACE_SQL in its transaction: the key it claimed, the lines it reserved.
export const INTAKE_UNDO_SQL = `with unclaim as (delete from idempotency_keys where $1::boolean and scope = $2 and key = $3),
  unreserve as (
    update stock s set reserved = s.reserved - r.qty, updated_at = $7
      from unnest($5::text[], $6::int[]) as r(product_id, qty)
     where s.hub_id = $4 and s.product_id = r.product_id
  )
  select 1`;

export interface IntakePlaceResult {
  ok: boolean;
  /** The guard held: the reference version matched and no better-ranked hub had the stock. */
  current: boolean;
  claimed: boolean;
  reservedIds: string[];
  reservedQty: number[];
  /** The reference version the statement found. */
  version: number;
}

/** What the write checks besides the stock: the snapshot's reference version, and the hubs ranked before the chosen one. */
export interface IntakeGuard {
  version: number;
  /** In-area hubs the ranking put before `order.hubId` (the stock hint said they lack a line); none may have every line now. */
  rankedBefore: string[];
}

/** The parameters of INTAKE_PLACE_SQL; every line is reserved at `order.hubId`. */
export function intakePlaceParams(rows: PlacedOrderRows, claim: IntakeClaim | undefined, guard: IntakeGuard): unknown[] {
  const { order: o, events, outbox } = rows;
  // Lines in product-id order: when the planner walks the array into the stock primary key, rows
  // are locked in the order every other writer uses.
  const lines = rows.lines.length > 1 ? [...rows.lines].sort((a, b) => (a.productId < b.productId ? -1 : 1)) : rows.lines;
  return [
    o.id, o.customerId, o.addressId, o.hubId, o.state, o.windowStart, o.windowEnd, o.totalMinor, o.currency, o.createdAt, o.weightG, o.deliveryMode,
    lines.map((l) => l.productId), lines.map((l) => l.lineNo), lines.map((l) => l.sku), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceMinor),
    events.map((e) => e.id), events.map((e) => e.fromState), events.map((e) => e.toState), events.map((e) => e.actor), events.map((e) => e.reason),
    claim?.scope ?? null, claim?.key ?? null, claim?.hash ?? null, claim?.status ?? null, claim ? (claim.responseJson ?? JSON.stringify(claim.response)) : null,
    outbox.map((x) => x.id), outbox.map((x) => x.type), outbox.map((x) => x.aggregateType), outbox.map((x) => x.aggregateId), outbox.map((x) => JSON.stringify(x.payload)),
    guard.version, guard.rankedBefore, o.quoteId ?? null,
  ];
}

interface ReadRow {
  addressId: string | null;
  customerId: string | null;
  lon: number | null;
  lat: number | null;
  productId: string | null;
  sku: string | null;
  priceMinor: number | null;
  currency: string | null;
  weightG: number | null;
  hubId: string | null;
  onHand: number | null;
  reserved: number | null;
  hubs: Array<[string, number, number, number]> | null;
  version: number;
}

/** A snapshot to place an order from; `cached` when it came from memory, not from a read just now. */
export type IntakeSnapshotAt = CachedSnapshot & { cached: boolean };

interface Pending {
  rows: PlacedOrderRows;
  claim: IntakeClaim | undefined;
  guard: IntakeGuard;
  resolve: (written: boolean) => void;
  reject: (err: unknown) => void;
}

export class IntakeStatements {
  /** This process's reference data; see intake-cache.ts for why a stale entry can never place a wrong order. */
  readonly cache = new IntakeReferenceCache();

  constructor(private readonly sql: SqlRunner) {}

  /** The snapshot for `skus` delivered to `addressId`: from the cache, or read (and cached) when it lacks something. */
  async snapshot(addressId: string, skus: string[]): Promise<IntakeSnapshotAt> {
    const hit = this.cache.get(addressId, skus);
    if (hit) return { ...hit, cached: true };
    const snap = await this.read(addressId, skus);
    this.cache.fill(snap.version, snap, skus);
    return { ...snap, cached: false };
  }

  /** One read: address, products, their stock at every hub, the hubs and the reference version, as of one snapshot. */
  async read(addressId: string, skus: string[]): Promise<CachedSnapshot> {
    const rows = await this.sql.query<ReadRow>('intake_read', INTAKE_READ_SQL, [addressId, skus]);
    const first = rows[0]!;
    const products = new Map<string, IntakeProduct>();
    const stock: IntakeStock[] = [];
    for (const r of rows) {
      if (r.productId !== null && !products.has(r.productId)) {
        products.set(r.productId, { id: r.productId, sku: r.sku!, priceMinor: r.priceMinor!, currency: r.currency!, weightG: r.weightG! });
      }
      if (r.hubId !== null) stock.push({ hubId: r.hubId, productId: r.productId!, onHand: r.onHand!, reserved: r.reserved! });
    }
    return {
      version: Number(first.version),
      address: first.addressId === null ? undefined : { id: first.addressId, customerId: first.customerId!, lon: first.lon!, lat: first.lat! },
      products: [...products.values()],
      stock,
      hubs: (first.hubs ?? []).map(([id, lon, lat, serviceRadiusM]) => ({ id, lon, lat, serviceRadiusM })),
    };
  }

  /**
   * Checks the guard, claims the key (when given), reserves every line at `rows.order.hubId` and
   * writes the order rows, in one statement. False when it declined (reference data changed since
   * the snapshot, a better hub has the stock after all, the key was claimed first, a line ran out
   * at that hub) and wrote nothing. Resolves once committed: concurrent calls share one
   * transaction (group commit), so a hub's hot stock row is locked, and the WAL flushed, once per
   * batch rather than once per order.
   */
  place(rows: PlacedOrderRows, claim: IntakeClaim | undefined, guard: IntakeGuard): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, claim, guard, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private queue: Pending[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      // Ordered by hub and products, so the batch locks stock rows in the order other writers use.
      const batch = this.queue.splice(0, MAX_BATCH);
      if (batch.length > 1) batch.sort((a, b) => (lockKey(a.rows) < lockKey(b.rows) ? -1 : 1));
      let results: IntakePlaceResult[] | undefined;
      let committing = false;
      try {
        results = await this.sql.transaction(async (q) => {
          // Issued together: on a pipelined connection they travel in one round trip.
          const answers = await Promise.all(batch.map((p) => q<IntakePlaceResult>('intake_place', INTAKE_PLACE_SQL, intakePlaceParams(p.rows, p.claim, p.guard))));
          const rs = answers.map(([r]) => r!);
          for (const [i, r] of rs.entries()) {
            const p = batch[i]!;
            if (!r.ok && (r.claimed || r.reservedIds.length)) {
              // Undone after the batch's other statements ran: an order behind it may have seen less stock and declined too (it then takes the transactional path).
              await q('intake_undo', INTAKE_UNDO_SQL, [r.claimed, p.claim?.scope ?? null, p.claim?.key ?? null, p.rows.order.hubId, r.reservedIds, r.reservedQty, p.rows.order.createdAt]);
            }
          }
          committing = true;
          return rs;
        });
      } catch (err) {
        if (committing) {
          // COMMIT failed or its answer was lost: the batch may have been written. Retrying could
          // place an order twice, so each request fails (a client retry with its key is safe).
          for (const p of batch) p.reject(err);
          continue;
        }
        // The batch rolled back as a whole (a deadlock with a transactional-path writer, a lost
        // connection, a constraint): nothing of it was written, and each order takes the
        // transactional path alone, which gives it its own answer or error.
      }
      for (const [i, p] of batch.entries()) {
        const r = results?.[i];
        if (r) this.learn(p, r);
        p.resolve(r?.ok ?? false);
      }
    }
    this.flushing = false;
  }

  /** Keeps the cache in step with what a committed write found. */
  private learn(p: Pending, r: IntakePlaceResult): void {
    const lines = p.rows.lines;
    if (r.ok) this.cache.reserved(p.rows.order.hubId!, lines);
    else if (Number(r.version) !== p.guard.version) this.cache.stale(Number(r.version));
    else if (!r.current || !p.claim || r.claimed) this.cache.forgetStock(lines.map((l) => l.sku)); // the stock hint misled the ranking
  }
}

/** Orders per group-commit transaction: bounds how long one batch holds its stock rows. */
const MAX_BATCH = 64;

const lockKey = (rows: PlacedOrderRows): string => `${rows.order.hubId}|${rows.lines.map((l) => l.productId).sort().join(',')}`;
