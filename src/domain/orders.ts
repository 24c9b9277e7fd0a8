// Orders: intake (allocate a hub and reserve stock in the same transaction), reads, and
// lifecycle transitions. The rules of which transition is legal live in order-states.ts.
import type { AuditRow, HubRow, IntakeSnapshot, OrderEventRow, OrderFilter, OrderLineRow, OrderRow, Page, PageRequest, Repos } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { AllocationLine, AllocationRanking } from './allocation.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';
import { checkTransition, type OrderState, type StockEffect } from './order-states.js';

export interface OrderLineInput {
  sku: string;
  quantity: number;
}

export interface PlaceOrderInput {
  customerId: string;
  addressId: string;
  lines: OrderLineInput[];
  /** Requested delivery window, epoch seconds. */
  windowStart: number;
  windowEnd: number;
}

export interface OrderWithLines {
  order: OrderRow;
  lines: OrderLineRow[];
}

/** Places an order inside `tx`: validates, allocates a hub, reserves stock, records events and the outbox entry. */
export async function placeOrderTx(ctx: DomainContext, tx: Repos, actor: Actor, input: PlaceOrderInput): Promise<OrderWithLines> {
  const now = nowS(ctx);
  checkOrderInput(actor, input, now);
  // One snapshot read (address + products + their stock, and the hubs) instead of four round trips.
  // Hubs from the reference cache when it has them (allocation ranks them; the guarded reservation decides).
  const snap = await tx.orders.intakeSnapshot(input.addressId, orderSkus(input), ctx.store.cache.peek<HubRow>('hubs'));
  const p = await prepareOrder(ctx, tx, actor, input, snap, now);
  const { order } = p.placed;
  // Written for the best-ranked hub first; the stock rows are locked last (just before the answer
  // and COMMIT), because concurrent orders for a hub queue on those locks until this transaction ends.
  await tx.orders.insertPlaced(
    order,
    p.placed.lines,
    p.events.map((e) => ({ ...e, orderId: order.id, at: now })),
    p.outbox.map((x) => ({ ...x, createdAt: now })),
  );
  const reservedAt = await reserveAtFirstHub(tx, p.ranking.candidates, p.reservations, now);
  if (reservedAt === null) throw stockInsufficient(p.ranking, p.reservations);
  if (reservedAt !== order.hubId) {
    // A concurrent order won the units at the first hub: the order, its event and its outbox entry name the hub that has them.
    await tx.orders.reassignPlacedHub(order.id, reservedAt, `hub ${reservedAt}`);
    order.hubId = reservedAt;
  }
  return p.placed;
}

/** The distinct SKUs an order asks for (what intake reads). */
export const orderSkus = (input: PlaceOrderInput): string[] => [...new Set(input.lines.map((l) => l.sku))];

/** The checks that need no data: who may order, the window, one line per SKU. */
export function checkOrderInput(actor: Actor, input: PlaceOrderInput, now: number): void {
  if (actor.role === 'customer' && actor.subjectId !== input.customerId) {
    throw new DomainError('forbidden', 'customers may place orders only for themselves', { customerId: input.customerId });
  }
  if (!(input.windowEnd > input.windowStart)) {
    throw new DomainError('invalid_window', 'the delivery window must end after it starts', {
      start: input.windowStart,
      end: input.windowEnd,
    });
  }
  if (input.windowEnd <= now) throw new DomainError('invalid_window', 'the delivery window has already ended', { end: input.windowEnd });
  const seen = new Set<string>();
  for (const l of input.lines) {
    if (seen.has(l.sku)) throw new DomainError('duplicate_line', `SKU ${l.sku} appears on more than one line`, { sku: l.sku });
    seen.add(l.sku);
  }
}

/** An order ready to write for the best-ranked hub, with the ranking to fall through on and what to reserve. */
export interface PreparedOrder {
  placed: OrderWithLines;
  events: Array<Omit<OrderEventRow, 'orderId' | 'at'>>;
  outbox: Array<{ id: string; type: string; aggregateType: string; aggregateId: string; payload: Record<string, unknown> }>;
  ranking: HubRanking;
  /** Lines in product-id order: every writer locks stock rows in the same order (no deadlocks). */
  reservations: AllocationLine[];
}

/**
 * Checks `input` against the snapshot (customer, address, SKUs, currency, service area, stock) and
 * builds the order's rows for the best-ranked hub. Throws DomainError; reads only to word an error.
 */
export async function prepareOrder(ctx: DomainContext, repos: Repos, actor: Actor, input: PlaceOrderInput, snap: IntakeSnapshot, now: number): Promise<PreparedOrder> {
  // The address row names its customer (foreign key), so a matching address proves the customer
  // exists; the customer is looked up only to word an error.
  const address = snap.address;
  if (!address || address.customerId !== input.customerId) {
    if (!(await repos.customers.get(input.customerId))) {
      throw new DomainError('unknown_customer', `customer ${input.customerId} does not exist`, { customerId: input.customerId });
    }
    throw new DomainError('unknown_address', `address ${input.addressId} is not an address of customer ${input.customerId}`, {
      addressId: input.addressId,
    });
  }

  const products = snap.products;
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const unknown = input.lines.filter((l) => !bySku.has(l.sku)).map((l) => l.sku);
  if (unknown.length) throw new DomainError('unknown_sku', `unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
  const currencies = new Set(products.map((p) => p.currency));
  if (currencies.size > 1) throw new DomainError('mixed_currency', 'all lines of an order must share one currency', { currencies: [...currencies] });

  const lines = input.lines
    .map((l) => ({ product: bySku.get(l.sku)!, quantity: l.quantity }))
    .sort((a, b) => (a.product.id < b.product.id ? -1 : 1));
  const reservations = lines.map((l) => ({ productId: l.product.id, quantity: l.quantity }));
  const ranking = rankHubs(ctx, snap, { lon: address.lon, lat: address.lat }, reservations);
  const hubId = ranking.candidates[0]!;

  const id = ctx.ids.next('ord');
  const order: OrderRow = {
    id,
    customerId: address.customerId,
    addressId: address.id,
    hubId,
    state: 'allocated',
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    totalMinor: lines.reduce((s, l) => s + l.product.priceMinor * l.quantity, 0),
    currency: products[0]!.currency,
    weightG: lines.reduce((s, l) => s + l.product.weightG * l.quantity, 0),
    createdAt: now,
    updatedAt: now,
    deliveryMode: 'van', // a quote may switch it to drone in the same transaction (src/domain/quotes.ts)
    quoteId: null,
  };
  // Line numbers follow the request's order, as the customer wrote it.
  const orderLines: OrderLineRow[] = input.lines.map((l, i) => {
    const p = bySku.get(l.sku)!;
    return { orderId: id, lineNo: i + 1, productId: p.id, sku: p.sku, quantity: l.quantity, unitPriceMinor: p.priceMinor };
  });
  const who = actorLabel(actor);
  return {
    placed: { order, lines: orderLines },
    events: [
      { id: ctx.ids.next('evt'), fromState: null, toState: 'placed', actor: who, reason: null },
      { id: ctx.ids.next('evt'), fromState: 'placed', toState: 'allocated', actor: who, reason: `hub ${hubId}` },
    ],
    outbox: [
      {
        id: ctx.ids.next('obx'),
        type: 'order.allocated',
        aggregateType: 'order',
        aggregateId: id,
        payload: { orderId: id, customerId: address.customerId, hubId, state: 'allocated', previousState: null, at: now },
      },
    ],
    ranking,
    reservations,
  };
}

type HubRanking = AllocationRanking & { available: Map<string, number> };

/** Ranks hubs with the strategy from the snapshot; throws when no hub can serve the order per that snapshot. */
function rankHubs(ctx: DomainContext, snap: IntakeSnapshot, destination: { lon: number; lat: number }, lines: AllocationLine[]): HubRanking {
  const available = new Map(snap.stock.map((r) => [`${r.hubId}|${r.productId}`, r.onHand - r.reserved]));
  const ranking = ctx.allocation.rank({ destination, lines, hubs: snap.hubs, available: (h, p) => available.get(`${h}|${p}`) ?? 0 });
  if (ranking.inArea.length === 0) {
    throw new DomainError('address_unserviceable', 'the delivery address is outside every hub’s service area', destination);
  }
  const result = { ...ranking, available };
  if (ranking.candidates.length === 0) throw stockInsufficient(result, lines);
  return result;
}

/** Reserves every line at the first candidate hub that still has them (guarded updates); null when none has. */
async function reserveAtFirstHub(tx: Repos, candidates: string[], lines: AllocationLine[], now: number): Promise<string | null> {
  for (const hubId of candidates) {
    const done: AllocationLine[] = [];
    let ok = true;
    for (const l of lines) {
      if (await tx.stock.reserve(hubId, l.productId, l.quantity, now)) done.push(l);
      else {
        ok = false;
        break;
      }
    }
    if (ok) return hubId;
    // Undo this hub's partial reservation (same transaction, rows already locked by us).
    for (const l of done) await tx.stock.release(hubId, l.productId, l.quantity, now);
  }
  return null;
}

function stockInsufficient(ranking: HubRanking, lines: AllocationLine[]): DomainError {
  const shortages = lines
    .filter((l) => !ranking.inArea.some((h) => (ranking.available.get(`${h}|${l.productId}`) ?? 0) >= l.quantity))
    .map((l) => l.productId);
  return new DomainError('stock_insufficient', 'no hub serving this address has enough stock for every line', {
    hubs: ranking.inArea,
    productIds: shortages,
  });
}

/** Customers see only their own orders; anything else reads as not found (no existence leak). */
function assertVisible(actor: Actor, order: OrderRow | undefined, id: string): asserts order is OrderRow {
  if (!order) throw notFound('order', id);
  if (actor.role === 'operator') return;
  if (actor.role === 'customer' && actor.subjectId === order.customerId) return;
  throw notFound('order', id);
}

export async function getOrder(ctx: DomainContext, actor: Actor, id: string): Promise<OrderWithLines> {
  const repos = ctx.store.repos;
  const order = await repos.orders.get(id);
  assertVisible(actor, order, id);
  return { order, lines: await repos.orders.lines(id) };
}

export async function listOrders(ctx: DomainContext, actor: Actor, filter: OrderFilter, page: PageRequest): Promise<Page<OrderRow>> {
  // A customer's listing is always narrowed to their own orders; asking for another customer's finds nothing.
  if (actor.role === 'customer') {
    if (filter.customerId && filter.customerId !== actor.subjectId) return { items: [] };
    return ctx.store.repos.orders.list({ ...filter, customerId: actor.subjectId ?? '' }, page);
  }
  return ctx.store.repos.orders.list(filter, page);
}

export async function listOrderEvents(ctx: DomainContext, actor: Actor, id: string, page: PageRequest): Promise<Page<OrderEventRow>> {
  const order = await ctx.store.repos.orders.get(id);
  assertVisible(actor, order, id);
  return ctx.store.repos.orders.events(id, page);
}

/** Moves an order to `to` if the state machine allows it for this actor, applying the stock effect, in one transaction. */
export async function transitionOrder(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  to: OrderState,
  reason: string | null = null,
): Promise<OrderWithLines> {
  return ctx.store.transaction((tx) => transitionOrderTx(ctx, tx, actor, id, to, reason));
}

/** transitionOrder inside a caller's transaction (dispatch and tracking change stops and orders together). */
export async function transitionOrderTx(
  ctx: DomainContext,
  tx: Repos,
  actor: Actor,
  id: string,
  to: OrderState,
  reason: string | null = null,
  opts: TransitionOptions = {},
): Promise<OrderWithLines> {
  return (await transitionOrdersTx(ctx, tx, actor, [id], to, () => reason, opts))[0]!;
}

export interface TransitionOptions {
  /** False: the caller does not need the lines back, so they are read only when stock moves (answers carry lines: []). */
  withLines?: boolean;
  /** An audit row the caller writes with the move (in the same statement when it can be); made after the events' ids. */
  audit?: () => AuditRow;
  /** The orders' rows as the caller already read them FOR UPDATE in this transaction (not read again). */
  locked?: readonly OrderRow[];
}

/**
 * Several orders to `to` in one go inside a caller's transaction (a packing batch, a dispatch
 * round): the same checks, stock effects, event and outbox entry per order as transitionOrderTx,
 * in a fixed number of statements (orders locked in id order, stock rows per hub and product).
 * Any illegal move throws and the caller's transaction rolls back. Results follow `ids`.
 */
export async function transitionOrdersTx(
  ctx: DomainContext,
  tx: Repos,
  actor: Actor,
  ids: readonly string[],
  to: OrderState,
  reasonOf: (id: string) => string | null = () => null,
  opts: TransitionOptions = {},
): Promise<OrderWithLines[]> {
  if (ids.length === 0) return [];
  if (new Set(ids).size !== ids.length) throw new Error('transitionOrdersTx: an order is listed twice');
  const now = nowS(ctx);
  const locked = new Map((opts.locked ?? (await tx.orders.getManyForUpdate(ids))).map((o) => [o.id, o]));
  const effects = new Map<StockEffect, OrderRow[]>();
  const byFrom = new Map<string, string[]>();
  for (const id of ids) {
    const order = locked.get(id);
    assertVisible(actor, order, id);
    const from = order.state as OrderState;
    const check = checkTransition(from, to, actor.role);
    if (!check.ok) {
      throw new DomainError(
        'illegal_transition',
        check.reason === 'illegal'
          ? `an order cannot go from ${from} to ${to}`
          : `a ${actor.role} may not move an order from ${from} to ${to}`,
        { from, to, allowed: check.allowed },
      );
    }
    if (check.stock !== 'none') effects.set(check.stock, [...(effects.get(check.stock) ?? []), order]);
    byFrom.set(from, [...(byFrom.get(from) ?? []), id]);
  }
  const lines = opts.withLines === false && effects.size === 0 ? [] : await tx.orders.linesOfOrders(ids);
  const linesOf = new Map<string, OrderLineRow[]>(ids.map((id) => [id, []]));
  for (const l of lines) linesOf.get(l.orderId)!.push(l);
  for (const [effect, orders] of effects) await applyStockEffect(tx, effect, orders, linesOf, now);
  const events: OrderEventRow[] = [];
  const outbox: Parameters<Repos['outbox']['append']>[0] = [];
  const who = actorLabel(actor);
  for (const id of ids) {
    const order = locked.get(id)!;
    events.push({ id: ctx.ids.next('evt'), orderId: id, fromState: order.state, toState: to, actor: who, reason: reasonOf(id), at: now });
    outbox.push({
      id: ctx.ids.next('obx'),
      type: `order.${to}`,
      aggregateType: 'order',
      aggregateId: id,
      payload: { orderId: id, customerId: order.customerId, hubId: order.hubId, state: to, previousState: order.state, at: now },
      createdAt: now,
    });
  }
  const audit = opts.audit?.();
  const conflict = (group: string[]) => new DomainError('conflict', `an order of ${group.join(', ')} changed concurrently`, { ids: group }); // unreachable under the row locks
  if (byFrom.size === 1) {
    // The usual case, every order from one state: the move, its events and outbox entries (and the caller's audit row) in one statement.
    const [[from, group]] = [...byFrom];
    if ((await tx.orders.setStatesWithEvents(group!, from!, to, now, events, outbox, audit)) !== group!.length) throw conflict(group!);
    return ids.map((id) => ({ order: { ...locked.get(id)!, state: to, updatedAt: now }, lines: linesOf.get(id)! }));
  }
  for (const [from, group] of byFrom) {
    if ((await tx.orders.setStates(group, from, to, now)).length !== group.length) throw conflict(group);
  }
  await tx.orders.appendEventsWithOutbox(events, outbox);
  if (audit) await tx.audit.append(audit);
  return ids.map((id) => ({ order: { ...locked.get(id)!, state: to, updatedAt: now }, lines: linesOf.get(id)! }));
}

/** One guarded stock statement per hub and product, with the orders' quantities summed (the guards add up the same way). */
async function applyStockEffect(tx: Repos, effect: StockEffect, orders: readonly OrderRow[], linesOf: ReadonlyMap<string, OrderLineRow[]>, now: number): Promise<void> {
  const totals = new Map<string, { hubId: string; productId: string; sku: string; quantity: number }>();
  for (const order of orders) {
    const hubId = order.hubId;
    if (!hubId) throw new DomainError('conflict', `order ${order.id} has no hub`, { id: order.id });
    for (const l of linesOf.get(order.id) ?? []) {
      const key = `${l.productId}|${hubId}`;
      const t = totals.get(key);
      if (t) t.quantity += l.quantity;
      else totals.set(key, { hubId, productId: l.productId, sku: l.sku, quantity: l.quantity });
    }
  }
  // Stock rows are locked in product-id order by every writer (no deadlocks).
  const sorted = [...totals.values()].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.hubId < b.hubId ? -1 : 1));
  if (effect === 'consume') {
    // A dispatch round consumes many rows: one statement for all of them.
    const consumed = await tx.stock.consumeMany(sorted, now);
    const short = sorted.find((t) => !consumed.has(`${t.productId}|${t.hubId}`));
    if (short) throw new DomainError('stock_insufficient', `stock for ${short.sku} at ${short.hubId} does not cover this order`, { sku: short.sku, hubId: short.hubId });
    return;
  }
  for (const { hubId, productId, sku, quantity } of sorted) {
    let ok: boolean;
    if (effect === 'release') ok = await tx.stock.release(hubId, productId, quantity, now);
    else if (effect === 'restock') ok = (await tx.stock.adjust(hubId, productId, quantity, now)) !== undefined;
    else if (effect === 'restock_reserved') ok = (await tx.stock.adjust(hubId, productId, quantity, now)) !== undefined && (await tx.stock.reserve(hubId, productId, quantity, now));
    else ok = await tx.stock.reserve(hubId, productId, quantity, now);
    // Reservations are held per order, so these guards only fail if the books are already wrong: refuse loudly.
    if (!ok) throw new DomainError('stock_insufficient', `stock for ${sku} at ${hubId} does not cover this order`, { sku, hubId });
  }
}
