// What the platform itself does when an event has been committed (run by the outbox relay, in
// the relay's transaction, one savepoint per event):
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
