// Tracking: vehicles report telemetry and stop events; ETAs follow from the plan and the latest
// position. A failed delivery re-enters dispatch (order back to ready) or, after too many
// attempts or for a final reason, goes failed → returned. Every step is an order event and an
// outbox entry, written in the same transaction as the change.
import type { OrderRow, Repos, RouteRow, StopRow, VehicleRow } from '../store/index.js';
import type { StopEventPatch, StopWithOrder } from '../store/repos/plans.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { vehicleSpeed } from './dispatch-problem.js';
import { dispatchSettings, type DispatchSettings } from './dispatch-settings.js';
import { DomainError, notFound } from './errors.js';
import { computeEtas } from './eta.js';
import type { VehicleStatus } from './fleet.js';
import { getOrder, transitionOrderTx } from './orders.js';
import { revokeIssuedGrantsTx } from './smart-home/grants.js';

/** Reasons a delivery can fail; the ones in RETURN_REASONS send the goods back at once. */
export const FAILURE_REASONS = ['recipient_absent', 'no_access', 'no_safe_place', 'refused', 'damaged', 'address_not_found', 'other'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];
export const RETURN_REASONS: readonly FailureReason[] = ['refused', 'damaged', 'address_not_found'];

/** Reports older than this are refused, as are reports from the future beyond the clock skew allowed. */
const MAX_AGE_S = 7 * 86_400;
const MAX_SKEW_S = 300;

export interface TelemetryInput {
  at?: number;
  lon: number;
  lat: number;
  status?: VehicleStatus;
  batteryPct?: number;
  speedMps?: number;
  headingDeg?: number;
}

export interface StopEta {
  stopId: string;
  orderId: string | null;
  kind: string;
  eta: number;
}

/** A device acts only for its own vehicle; anything else reads as not found. */
function assertOwnVehicle(actor: Actor, vehicleId: string): void {
  if (actor.role === 'operator') return;
  if (actor.role === 'device' && actor.subjectId === vehicleId) return;
  throw notFound('vehicle', vehicleId);
}

function checkTime(at: number, now: number, field: string): void {
  if (at > now + MAX_SKEW_S) throw new DomainError('validation_failed', `${field} is in the future (more than ${MAX_SKEW_S} s ahead of the server clock)`, { path: `/${field}` });
  if (at < now - MAX_AGE_S) throw new DomainError('validation_failed', `${field} is more than 7 days old`, { path: `/${field}` });
}

export async function recordTelemetry(
  ctx: DomainContext,
  actor: Actor,
  vehicleId: string,
  input: TelemetryInput,
): Promise<{ vehicle: VehicleRow; etas: StopEta[] }> {
  assertOwnVehicle(actor, vehicleId);
  const settings = dispatchSettings(ctx);
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const at = input.at ?? now;
    checkTime(at, now, 'at');
    // A report older than the last one is kept in the history but does not move the vehicle back.
    // The vehicle's update and the history row: one statement.
    const updated = await tx.fleet.reportPosition(
      vehicleId,
      at,
      {
        lastLon: input.lon,
        lastLat: input.lat,
        ...(input.status ? { status: input.status } : {}),
        ...(input.batteryPct !== undefined ? { batteryPct: input.batteryPct } : {}),
      },
      { vehicleId, at, lon: input.lon, lat: input.lat, speedMps: input.speedMps ?? null, headingDeg: input.headingDeg ?? null, batteryPct: input.batteryPct ?? null, status: input.status ?? null },
    );
    const current = updated ?? (await tx.vehicles.get(vehicleId));
    if (!current) throw notFound('vehicle', vehicleId);
    // The current route and its stops in one read.
    const open = await tx.plans.currentRouteWithStops(vehicleId);
    let route = open?.route;
    if (route && route.state === 'planned' && current.status === 'en_route') {
      await tx.plans.setRouteState(route.id, 'started');
      route = { ...route, state: 'started' };
    }
    const etas = route ? await refreshEtas(ctx, tx, current, route, settings, now, open!.stops) : [];
    return { vehicle: current, etas };
  });
}

/**
 * Recomputes the ETAs of a route's remaining stops and stores those that changed (one statement);
 * emits order.eta_updated when one moved enough. `stops`: the route's, as the caller has just read them;
 * `stopEvent`: a stop's new state, written with the ETAs.
 */
async function refreshEtas(ctx: DomainContext, tx: Repos, vehicle: VehicleRow, route: RouteRow, settings: DispatchSettings, now: number, stops: StopWithOrder[], stopEvent?: { id: string; patch: StopEventPatch }): Promise<StopEta[]> {
  const hasPosition = vehicle.lastSeenAt !== null && vehicle.lastLon !== null && vehicle.lastLat !== null;
  const etas = computeEtas({
    now,
    position: hasPosition && route.state === 'started' ? { lon: vehicle.lastLon!, lat: vehicle.lastLat! } : null,
    speedMps: vehicleSpeed(vehicle, settings),
    serviceS: settings.serviceS,
    reloadS: vehicle.kind === 'drone' ? settings.droneReloadS : 0,
    stops: stops.map((s) => ({ ...s, windowStart: s.order?.windowStart })),
  });
  const byId = new Map(stops.map((s) => [s.id, s]));
  const events = [];
  for (const e of etas) {
    const s = byId.get(e.id)!;
    if (!s.orderId || s.kind !== 'delivery') continue;
    if (s.eta !== null && Math.abs(s.eta - e.eta) < settings.etaEventThresholdS) continue;
    events.push({
      id: ctx.ids.next('obx'),
      type: 'order.eta_updated',
      aggregateType: 'order',
      aggregateId: s.orderId,
      payload: { orderId: s.orderId, customerId: s.order?.customerId ?? null, hubId: s.order?.hubId ?? null, routeId: route.id, vehicleId: vehicle.id, stopId: s.id, plannedArrival: s.plannedArrival, eta: e.eta, previousEta: s.eta, at: now },
      createdAt: now,
    });
  }
  // The ETAs that changed and their events (and a stop event's new state): one statement.
  await tx.plans.setEtas(etas.filter((e) => byId.get(e.id)!.eta !== e.eta).map((e) => ({ id: e.id, eta: e.eta })), events, stopEvent);
  return etas.map((e) => ({ stopId: e.id, orderId: byId.get(e.id)!.orderId, kind: byId.get(e.id)!.kind, eta: e.eta }));
}

export interface DeliveryProof {
  photoRef?: string;
  signatureRef?: string;
  accessGrantId?: string;
}

export type StopEventInput =
  | { type: 'arrived'; at?: number }
  | { type: 'delivered'; at?: number; proof: DeliveryProof }
  | { type: 'failed'; at?: number; reason: FailureReason; note?: string };

export interface StopEventResult {
  stop: StopRow;
  order: OrderRow | null;
  /** Failed deliveries: attempts so far and what happened to the order. */
  attempts?: number;
  outcome?: 'redispatch' | 'returned';
}

const OPEN_FOR: Record<StopEventInput['type'], readonly string[]> = {
  arrived: ['planned'],
  delivered: ['planned', 'arrived'],
  failed: ['planned', 'arrived'],
};

export async function recordStopEvent(ctx: DomainContext, actor: Actor, stopId: string, input: StopEventInput): Promise<StopEventResult> {
  const settings = dispatchSettings(ctx);
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const found = await lockedDeliveryStop(tx, actor, stopId);
    const { stop, route } = found;
    if (!OPEN_FOR[input.type].includes(stop.state)) {
      throw new DomainError('illegal_transition', `stop ${stopId} is ${stop.state}; cannot record ${input.type}`, { from: stop.state, event: input.type });
    }
    const at = input.at ?? now;
    checkTime(at, now, 'at');
    // Order transitions are operator moves; a device makes them on its vehicle's behalf, and the event names it.
    const who: Actor = actor.role === 'device' ? { role: 'operator', subjectId: null, via: `device ${actor.subjectId} (${actor.via})` } : actor;
    const orderId = found.order.id;
    let result: StopEventResult;
    // The stop's new state, written at the end with the route's ETAs (or with the route's completion).
    let patch: StopEventPatch;

    if (input.type === 'arrived') {
      patch = { state: 'arrived', arrivedAt: at };
      await tx.fleet.updateVehicle(route.vehicleId, { lastLon: stop.lon, lastLat: stop.lat, lastSeenAt: at, status: 'en_route' });
      const order = found.order;
      await tx.outbox.append([
        {
          id: ctx.ids.next('obx'),
          type: 'order.vehicle_arrived',
          aggregateType: 'order',
          aggregateId: orderId,
          payload: { orderId, customerId: order.customerId, hubId: order.hubId, stopId: stop.id, vehicleId: route.vehicleId, at },
          createdAt: now,
        },
      ]);
      result = { stop: { ...stop, state: 'arrived', arrivedAt: at }, order };
    } else if (input.type === 'delivered') {
      const proof = input.proof;
      const kinds = (['photoRef', 'signatureRef', 'accessGrantId'] as const).filter((k) => proof[k]);
      if (kinds.length === 0) throw new DomainError('proof_required', 'a delivery needs a proof: photoRef, signatureRef or accessGrantId', { path: '/proof' });
      if (proof.accessGrantId) {
        // An access-grant proof must be a grant of this order that the vehicle actually used.
        const g = await tx.smartHome.getGrant(proof.accessGrantId);
        if (!g || g.orderId !== orderId || g.state !== 'used') {
          throw new DomainError('proof_invalid', `access grant ${proof.accessGrantId} was not used for order ${orderId}`, { path: '/proof/accessGrantId', state: g?.state ?? null });
        }
      }
      patch = { state: 'done', arrivedAt: stop.arrivedAt ?? at, departedAt: at };
      const moved = await transitionOrderTx(ctx, tx, who, orderId, 'delivered', `proof: ${kinds.map((k) => `${k} ${proof[k]}`).join(', ')}`, {
        withLines: false,
        locked: [found.order],
        audit: () => ({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'delivery.proof', entityType: 'order', entityId: orderId, details: { stopId: stop.id, vehicleId: route.vehicleId, ...proof } }),
      });
      result = { stop: { ...stop, state: 'done', arrivedAt: stop.arrivedAt ?? at, departedAt: at }, order: moved.order };
    } else {
      patch = { state: 'failed', arrivedAt: stop.arrivedAt ?? at, departedAt: at };
      const reasonText = `${input.reason}${input.note ? `: ${input.note}` : ''}`;
      const failed = await transitionOrderTx(ctx, tx, who, orderId, 'failed', reasonText, { withLines: false, locked: [found.order] });
      const attempts = await failedAttempts(tx, orderId);
      const giveUp = attempts >= settings.maxAttempts || RETURN_REASONS.includes(input.reason);
      const next = giveUp
        ? await transitionOrderTx(ctx, tx, who, orderId, 'returned', `attempt ${attempts}: ${input.reason}${attempts >= settings.maxAttempts ? ` (limit ${settings.maxAttempts} attempts)` : ''}`, { locked: [failed.order] })
        : await transitionOrderTx(ctx, tx, who, orderId, 'ready', `attempt ${attempts} failed (${input.reason}); back to dispatch`, { locked: [failed.order] });
      result = { stop: { ...stop, state: 'failed', arrivedAt: stop.arrivedAt ?? at, departedAt: at }, order: next.order, attempts, outcome: giveUp ? 'returned' : 'redispatch' };
    }

    // Grants still open for this order are of no further use: delivered, or re-dispatched with new ones.
    if (input.type !== 'arrived' && found.orderHasIssuedGrant) await revokeIssuedGrantsTx(ctx, tx, who, { orderId }, `delivery ${input.type}`);

    // The route is under way; it is complete once every delivery is finished. Its stops as read, with this one's new state.
    const stops = found.stops.map((s) => (s.id === stop.id ? { ...s, ...result.stop } : s));
    const open = stops.some((s) => s.kind === 'delivery' && (s.state === 'planned' || s.state === 'arrived'));
    if (!open) {
      await tx.plans.updateStop(stop.id, patch);
      await tx.plans.setRouteState(route.id, 'completed', { endAt: at });
    } else {
      if (route.state === 'planned') await tx.plans.setRouteState(route.id, 'started');
      // Position and speed for the ETAs only: the cached row will do when there is one (never a read outside this transaction).
      const vehicle = ctx.store.cache.peek<VehicleRow>('vehicles')?.find((v) => v.id === route.vehicleId) ?? (await tx.vehicles.get(route.vehicleId))!;
      await refreshEtas(ctx, tx, vehicle, { ...route, state: 'started' }, settings, now, stops, { id: stop.id, patch });
    }
    return result;
  });
}

/**
 * The stop of a stop event with its order (both locked), route and the route's stops, in one read;
 * when that finds nothing, the stop alone says why: no such stop (or another vehicle's), or not a
 * delivery stop.
 */
async function lockedDeliveryStop(tx: Repos, actor: Actor, stopId: string): Promise<NonNullable<Awaited<ReturnType<Repos['plans']['deliveryStopForUpdate']>>>> {
  const found = await tx.plans.deliveryStopForUpdate(stopId);
  const plain = found ?? (await tx.plans.getStopWithRouteForUpdate(stopId));
  if (!plain) throw notFound('stop', stopId);
  const { stop, route } = plain;
  if (actor.role !== 'operator' && !(actor.role === 'device' && actor.subjectId === route.vehicleId)) throw notFound('stop', stopId);
  if (stop.kind !== 'delivery' || !stop.orderId || !found) {
    throw new DomainError('validation_failed', `stop ${stopId} is a ${stop.kind} stop; events are reported for delivery stops`, { path: '/type', kind: stop.kind });
  }
  return found;
}

/** Failed attempts so far, counted from the order's history (no separate counter to drift). */
async function failedAttempts(tx: Repos, orderId: string): Promise<number> {
  let n = 0;
  let afterId: string | undefined;
  do {
    const page = await tx.orders.events(orderId, afterId ? { limit: 200, afterId } : { limit: 200 });
    n += page.items.filter((e) => e.toState === 'failed').length;
    afterId = page.nextAfterId;
  } while (afterId);
  return n;
}

export interface OrderTracking {
  order: OrderRow;
  attempts: number;
  stop: StopRow | null;
  routeId: string | null;
  vehicle: { id: string; kind: string; lon: number | null; lat: number | null; lastSeenAt: number | null } | null;
  eta: number | null;
}

/** Where an order's delivery stands: its current stop, ETA and (while under way) the vehicle's position. */
export async function getOrderTracking(ctx: DomainContext, actor: Actor, orderId: string): Promise<OrderTracking> {
  const { order } = await getOrder(ctx, actor, orderId); // visibility: customers see their own orders only
  const repos = ctx.store.repos;
  const attempts = await failedAttempts(repos, orderId);
  const stop = order.state === 'dispatched' ? ((await repos.plans.currentStopForOrder(orderId)) ?? null) : null;
  const route = stop ? await repos.plans.getRoute(stop.routeId) : undefined;
  const v = route ? await repos.vehicles.get(route.vehicleId) : undefined;
  const underway = route?.state === 'started';
  return {
    order,
    attempts,
    stop,
    routeId: route?.id ?? null,
    vehicle: v ? { id: v.id, kind: v.kind, lon: underway ? v.lastLon : null, lat: underway ? v.lastLat : null, lastSeenAt: underway ? v.lastSeenAt : null } : null,
    eta: stop && (stop.state === 'planned' || stop.state === 'arrived') ? (stop.eta ?? stop.plannedArrival) : null,
  };
}

/** A vehicle's current route with stops and ETAs (the driver app's view). */
export async function getVehicleRoute(ctx: DomainContext, actor: Actor, vehicleId: string): Promise<{ route: RouteRow; stops: StopRow[] } | null> {
  assertOwnVehicle(actor, vehicleId);
  const repos = ctx.store.repos;
  if (!(await repos.vehicles.get(vehicleId))) throw notFound('vehicle', vehicleId);
  // The route and its stops in one read.
  const current = await repos.plans.currentRouteWithStops(vehicleId);
  if (!current) return null;
  return { route: current.route, stops: current.stops.map(({ order: _order, ...stop }) => stop) };
}
