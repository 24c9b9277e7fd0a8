// What the platform itself does when an event has been committed (run by the outbox relay, in
// the relay's transaction: reactToEvents for a whole batch, reactToEvent to isolate a failing one):
//   order.allocated / stock.adjusted / purchase_order.cancelled → replenishment check of the products concerned
//   order.cancelled / order.returned / order.delivered          → open access grants of the order are revoked
import type { OutboxRow, Repos } from '../store/index.js';
import { SYSTEM_ACTOR } from './actor.js';
import type { DomainContext } from './context.js';
import { checkReplenishmentTx } from './replenishment.js';
import { revokeIssuedGrantsTx } from './smart-home/grants.js';

type Payload = Record<string, unknown>;

const REACTING_TYPES = new Set(['order.allocated', 'stock.adjusted', 'purchase_order.cancelled', 'order.cancelled', 'order.returned', 'order.delivered']);

/** Whether the platform reacts to this event type at all (the relay skips the savepoint otherwise). */
export const hasReaction = (type: string): boolean => REACTING_TYPES.has(type);

/**
 * The reactions to a whole relay batch, with the replenishment checks merged: each (hub, product)
 * concerned is checked once, after all of the batch, instead of once per event. Same outcome as
 * reactToEvent on each event in turn: every check reads the committed state the whole batch
 * left, and a PO raised by the first check makes the next ones for that product find it open.
 */
export async function reactToEvents(ctx: DomainContext, tx: Repos, events: OutboxRow[]): Promise<void> {
  const checks = new Map<string, Set<string>>();
  const check = (hubId: string, productIds: string[]) => {
    const set = checks.get(hubId) ?? new Set<string>();
    for (const p of productIds) set.add(p);
    checks.set(hubId, set);
  };
  const allocated = events.filter((e) => e.type === 'order.allocated').map((e) => String(((e.payload ?? {}) as Payload).orderId));
  for (const r of await tx.orders.hubProducts(allocated)) check(r.hubId, [r.productId]);
  for (const e of events) {
    const p = (e.payload ?? {}) as Payload;
    if (e.type === 'stock.adjusted') {
      if (typeof p.hubId === 'string' && typeof p.productId === 'string') check(p.hubId, [p.productId]);
    } else if (e.type === 'purchase_order.cancelled') {
      const lines = Array.isArray(p.lines) ? (p.lines as Payload[]) : [];
      if (typeof p.hubId === 'string') check(p.hubId, lines.map((l) => String(l.productId)));
    } else if (e.type !== 'order.allocated') await reactToEvent(ctx, tx, e);
  }
  for (const [hubId, productIds] of [...checks].sort(([a], [b]) => (a < b ? -1 : 1))) await checkReplenishmentTx(ctx, tx, hubId, [...productIds]);
}

export async function reactToEvent(ctx: DomainContext, tx: Repos, event: OutboxRow): Promise<void> {
  const p = (event.payload ?? {}) as Payload;
  switch (event.type) {
    case 'order.allocated': {
      const orderId = String(p.orderId);
      const order = await tx.orders.get(orderId);
      if (!order?.hubId) return;
      const lines = await tx.orders.lines(orderId);
      await checkReplenishmentTx(ctx, tx, order.hubId, lines.map((l) => l.productId));
      return;
    }
    case 'stock.adjusted':
      if (typeof p.hubId === 'string' && typeof p.productId === 'string') await checkReplenishmentTx(ctx, tx, p.hubId, [p.productId]);
      return;
    case 'purchase_order.cancelled': {
      const lines = Array.isArray(p.lines) ? (p.lines as Payload[]) : [];
      if (typeof p.hubId === 'string') await checkReplenishmentTx(ctx, tx, p.hubId, lines.map((l) => String(l.productId)));
      return;
    }
    case 'order.cancelled':
    case 'order.returned':
    case 'order.delivered':
      await revokeIssuedGrantsTx(ctx, tx, SYSTEM_ACTOR, { orderId: String(p.orderId) }, event.type);
      return;
    default:
      return;
  }
}
