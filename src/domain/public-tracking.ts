// What a customer sees through the tracking link (no account, only a per-order token checked
// by the API): the order's stage, ETA, the vehicle while it is on its way, the drop-off
// preference, the smart-home access grant (issued, used) and the proof of delivery. Nothing
// else of the order leaks: no names, no address text, no ids of vehicles or devices.
import type { Actor } from './actor.js';
import { nowS, type DomainContext } from './context.js';
import type { OrderState } from './order-states.js';
import { getOrderTracking } from './tracking.js';

export type TrackingStage = 'received' | 'preparing' | 'on_the_way' | 'delivered' | 'failed' | 'returned' | 'cancelled';

const STAGE_BY_STATE: Record<OrderState, TrackingStage> = {
  placed: 'received',
  allocated: 'received',
  ready: 'preparing',
  dispatched: 'on_the_way',
  delivered: 'delivered',
  failed: 'failed',
  returned: 'returned',
  cancelled: 'cancelled',
};

export const stageOf = (state: string): TrackingStage => STAGE_BY_STATE[state as OrderState] ?? 'received';

/** Times are epoch seconds; the API presents them as ISO 8601. */
export interface PublicTracking {
  orderId: string;
  state: string;
  stage: TrackingStage;
  windowStart: number;
  windowEnd: number;
  eta: number | null;
  destination: { lon: number; lat: number } | null;
  vehicle: { kind: string; lon: number; lat: number; at: number | null } | null;
  dropoff: { kind: string; instructions: string | null } | null;
  access: { deviceKind: string; state: string; validFrom: number; validUntil: number; usedAt: number | null } | null;
  proof: { at: number; method: string | null; photoUrl: string | null } | null;
  events: Array<{ state: string; at: number }>;
  updatedAt: number;
  /** The server's clock when the view was made (simulations run the server in simulated time). */
  asOf: number;
}

/** The tracking link acts with read-only operator sight on this one order. */
const TRACKING_LINK: Actor = { role: 'operator', subjectId: null, via: 'tracking link' };

const PROOF_METHODS: Record<string, string> = { photoRef: 'photo', signatureRef: 'signature', accessGrantId: 'smart access' };

export async function getPublicTracking(ctx: DomainContext, orderId: string): Promise<PublicTracking> {
  const t = await getOrderTracking(ctx, TRACKING_LINK, orderId); // throws not_found for an unknown order
  const repos = ctx.store.repos;
  const order = t.order;
  const address = await repos.customers.getAddress(order.addressId);

  const events: Array<{ state: string; at: number }> = [];
  let afterId: string | undefined;
  do {
    const page = await repos.orders.events(orderId, afterId ? { limit: 200, afterId } : { limit: 200 });
    for (const e of page.items) events.push({ state: e.toState, at: e.at });
    afterId = page.nextAfterId;
  } while (afterId);

  // The newest grant for this order, with its device kind (lock, garage, locker).
  const grants = await repos.smartHome.listGrants({ orderId }, { limit: 200 });
  const grant = grants.items[grants.items.length - 1];
  const device = grant ? await repos.smartHome.getDevice(grant.deviceId) : undefined;

  let proof: PublicTracking['proof'] = null;
  if (order.state === 'delivered') {
    const deliveredAt = [...events].reverse().find((e) => e.state === 'delivered')?.at ?? order.updatedAt;
    const record = (await repos.smartHome.auditFor('order', orderId)).filter((a) => a.action === 'delivery.proof').pop();
    const details = (record?.details ?? {}) as Record<string, unknown>;
    const kinds = Object.keys(PROOF_METHODS).filter((k) => typeof details[k] === 'string');
    const photo = typeof details.photoRef === 'string' && /^https:\/\//.test(details.photoRef) ? details.photoRef : null;
    proof = { at: deliveredAt, method: kinds.length ? kinds.map((k) => PROOF_METHODS[k]).join(', ') : null, photoUrl: photo };
  }

  const v = t.vehicle;
  return {
    orderId: order.id,
    state: order.state,
    stage: stageOf(order.state),
    windowStart: order.windowStart,
    windowEnd: order.windowEnd,
    eta: order.state === 'dispatched' ? t.eta : null,
    destination: address ? { lon: address.lon, lat: address.lat } : null,
    vehicle: v && v.lon !== null && v.lat !== null && order.state === 'dispatched' ? { kind: v.kind, lon: v.lon, lat: v.lat, at: v.lastSeenAt } : null,
    dropoff: address ? { kind: address.dropoff, instructions: address.dropoffNotes } : null,
    access: grant ? { deviceKind: device?.kind ?? 'smart lock', state: grant.state, validFrom: grant.validFrom, validUntil: grant.validUntil, usedAt: grant.usedAt } : null,
    proof,
    events,
    updatedAt: order.updatedAt,
    asOf: nowS(ctx),
  };
}
