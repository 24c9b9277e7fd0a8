// Store rows → API shapes: epoch seconds become ISO 8601 UTC, internal columns stay inside.
import type { AddressRow, CustomerRow, HubRow, OrderEventRow, OrderLineRow, OrderRow, ProductRow, StockRow } from '../store/index.js';

export const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().replace('.000Z', 'Z');

/** ISO 8601 → epoch seconds (the schema has already checked the format). */
export const epochS = (isoText: string): number => Math.floor(Date.parse(isoText) / 1000);

export const presentHub = (h: HubRow) => ({ ...h, createdAt: iso(h.createdAt) });
export const presentProduct = (p: ProductRow) => ({ ...p, createdAt: iso(p.createdAt) });
export const presentCustomer = (c: CustomerRow) => ({ ...c, createdAt: iso(c.createdAt) });
export const presentAddress = (a: AddressRow) => ({ ...a, createdAt: iso(a.createdAt) });

export const presentStock = (s: StockRow & { sku: string }) => ({
  hubId: s.hubId,
  productId: s.productId,
  sku: s.sku,
  onHand: s.onHand,
  reserved: s.reserved,
  available: s.onHand - s.reserved,
  updatedAt: iso(s.updatedAt),
});

export function presentOrder(o: OrderRow, lines?: OrderLineRow[]) {
  return {
    id: o.id,
    state: o.state,
    customerId: o.customerId,
    addressId: o.addressId,
    hubId: o.hubId,
    window: { start: iso(o.windowStart), end: iso(o.windowEnd) },
    ...(lines
      ? { lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, productId: l.productId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })) }
      : {}),
    totalMinor: o.totalMinor,
    currency: o.currency,
    weightG: o.weightG,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    mode: o.deliveryMode, quoteId: o.quoteId,
  };
}

export const presentOrderEvent = (e: OrderEventRow) => ({
  id: e.id,
  orderId: e.orderId,
  from: e.fromState,
  to: e.toState,
  actor: e.actor,
  reason: e.reason,
  at: iso(e.at),
});
