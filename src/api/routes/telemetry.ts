// Tracking: vehicle telemetry and stop events (operators, or a device key for its own vehicle),
// and an order's delivery tracking with its ETA (operators, or the customer who owns the order).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { VEHICLE_STATUSES, type VehicleStatus } from '../../domain/fleet.js';
import { FAILURE_REASONS, getOrderTracking, type FailureReason, type TelemetryInput, recordStopEvent, recordTelemetry, type StopEventInput } from '../../domain/tracking.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { epochS, iso, presentOrder } from '../present.js';
import { IdParams, Iso, Lat, Lon, Order } from '../schemas.js';
import { Stop, Vehicle, presentStop, presentVehicle } from './vehicles.js';

const Strict = { additionalProperties: false } as const;
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const NullableIso = Type.Union([Iso, Type.Null()]);
const Ref = Type.String({ minLength: 1, maxLength: 500 });

const TelemetryBody = Type.Object(
  {
    at: Type.Optional(Iso),
    lon: Lon,
    lat: Lat,
    status: Type.Optional(lit(VEHICLE_STATUSES)),
    batteryPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    speedMps: Type.Optional(Type.Number({ minimum: 0, maximum: 200 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
  },
  Strict,
);
type TelemetryBody = Static<typeof TelemetryBody>;

const Eta = Type.Object({ stopId: Type.String(), orderId: Type.Union([Type.String(), Type.Null()]), kind: Type.String(), eta: Iso });

const StopEventBody = Type.Object(
  {
    type: lit(['arrived', 'delivered', 'failed']),
    at: Type.Optional(Iso),
    proof: Type.Optional(
      Type.Object(
        { photoRef: Type.Optional(Ref), signatureRef: Type.Optional(Ref), accessGrantId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
        { ...Strict, description: 'delivered: at least one of photoRef, signatureRef, accessGrantId' },
      ),
    ),
    reason: Type.Optional(lit(FAILURE_REASONS)),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  Strict,
);
type StopEventBody = Static<typeof StopEventBody>;

const StopEventResult = Type.Object({
  stop: Stop,
  order: Type.Union([Order, Type.Null()]),
  attempts: Type.Optional(Type.Integer()),
  outcome: Type.Optional(lit(['redispatch', 'returned'])),
});

const Tracking = Type.Object({
  order: Order,
  attempts: Type.Integer({ description: 'failed delivery attempts so far' }),
  eta: NullableIso,
  stop: Type.Union([Stop, Type.Null()]),
  routeId: Type.Union([Type.String(), Type.Null()]),
  vehicle: Type.Union([
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      position: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number(), at: NullableIso }), Type.Null()], { description: 'only while the route is under way' }),
    }),
    Type.Null(),
  ]),
});

const DEVICE = ['operator', 'device'] as const;

function toStopEvent(body: StopEventBody): StopEventInput {
  const at = body.at === undefined ? {} : { at: epochS(body.at) };
  if (body.type === 'arrived') return { type: 'arrived', ...at };
  if (body.type === 'delivered') {
    if (!body.proof) throw new ApiError('proof_required', 'a delivery needs a proof: photoRef, signatureRef or accessGrantId', { in: 'body', path: '/proof' });
    return { type: 'delivered', ...at, proof: body.proof };
  }
  if (!body.reason) throw new ApiError('validation_failed', `invalid body: /reason is required for a failed delivery (one of ${FAILURE_REASONS.join(', ')})`, { in: 'body', path: '/reason' });
  return { type: 'failed', ...at, reason: body.reason as FailureReason, ...(body.note ? { note: body.note } : {}) };
}

export function registerTelemetryRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Params: IdParams; Body: TelemetryBody }>(
    '/v1/vehicles/:id/telemetry',
    {
      config: { roles: DEVICE },
      schema: {
        tags: ['tracking'],
        summary: 'Report a vehicle’s position and status; recomputes the ETAs of its route',
        params: IdParams,
        body: TelemetryBody,
        response: { 200: Type.Object({ vehicle: Vehicle, etas: Type.Array(Eta) }) },
      },
    },
    async (req) => {
      const b = req.body;
      const input: TelemetryInput = {
        lon: b.lon,
        lat: b.lat,
        ...(b.at !== undefined ? { at: epochS(b.at) } : {}),
        ...(b.status !== undefined ? { status: b.status as VehicleStatus } : {}),
        ...(b.batteryPct !== undefined ? { batteryPct: b.batteryPct } : {}),
        ...(b.speedMps !== undefined ? { speedMps: b.speedMps } : {}),
        ...(b.headingDeg !== undefined ? { headingDeg: b.headingDeg } : {}),
      };
      const r = await recordTelemetry(ctx, actorOf(req), req.params.id, input);
      return { vehicle: presentVehicle(r.vehicle), etas: r.etas.map((e) => ({ ...e, eta: iso(e.eta) })) };
    },
  );

  app.post<{ Params: IdParams; Body: StopEventBody }>(
    '/v1/stops/:id/events',
    {
      config: { roles: DEVICE },
      schema: {
        tags: ['tracking'],
        summary: 'Record a stop event: arrived, delivered (with proof) or failed (with a reason)',
        params: IdParams,
        body: StopEventBody,
        response: { 200: StopEventResult },
      },
    },
    async (req) => {
      const r = await recordStopEvent(ctx, actorOf(req), req.params.id, toStopEvent(req.body));
      return {
        stop: presentStop(r.stop),
        order: r.order ? presentOrder(r.order) : null,
        ...(r.attempts !== undefined ? { attempts: r.attempts } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}),
      };
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/orders/:id/tracking',
    {
      config: { roles: ['operator', 'customer'] },
      schema: { tags: ['tracking'], summary: 'Delivery tracking of an order: current stop, ETA, vehicle position while under way', params: IdParams, response: { 200: Tracking } },
    },
    async (req) => {
      const t = await getOrderTracking(ctx, actorOf(req), req.params.id);
      return {
        order: presentOrder(t.order),
        attempts: t.attempts,
        eta: t.eta === null ? null : iso(t.eta),
        stop: t.stop ? presentStop(t.stop) : null,
        routeId: t.routeId,
        vehicle: t.vehicle
          ? {
              id: t.vehicle.id,
              kind: t.vehicle.kind,
              position: t.vehicle.lon !== null && t.vehicle.lat !== null ? { lon: t.vehicle.lon, lat: t.vehicle.lat, at: t.vehicle.lastSeenAt === null ? null : iso(t.vehicle.lastSeenAt) } : null,
            }
          : null,
      };
    },
  );
}
