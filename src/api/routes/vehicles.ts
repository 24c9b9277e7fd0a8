// Vehicles: operators create and list them; a device key reads its own vehicle and current route.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { VEHICLE_KINDS, VEHICLE_STATUSES, createVehicle, getVehicle, listVehicles } from '../../domain/fleet.js';
import { getVehicleRoute } from '../../domain/tracking.js';
import type { RouteRow, StopRow, VehicleRow } from '../../store/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, pageBody, pageRequest } from '../pagination.js';
import { iso } from '../present.js';
import { IdParams, Iso } from '../schemas.js';

const Strict = { additionalProperties: false } as const;
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const NullableIso = Type.Union([Iso, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const VehicleCreate = Type.Object(
  {
    hubId: Type.String({ minLength: 1, maxLength: 64 }),
    kind: lit(VEHICLE_KINDS),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    capacityG: Type.Integer({ minimum: 1, maximum: 50_000_000 }),
    capacityVolumeCm3: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    maxParcels: Type.Integer({ minimum: 1, maximum: 10_000 }),
    speedMps: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'own speed; vans are planned at the configured urban speed' }),
    rangeM: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    batteryWh: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    costPerKmMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    costPerHourMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    status: Type.Optional(lit(VEHICLE_STATUSES)),
  },
  Strict,
);
export type VehicleCreate = Static<typeof VehicleCreate>;

export const Vehicle = Type.Object({
  id: Type.String(),
  hubId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  capacityG: Type.Integer(),
  capacityVolumeCm3: Type.Integer(),
  maxParcels: Type.Integer(),
  speedMps: Type.Number(),
  rangeM: Type.Integer(),
  batteryWh: Type.Union([Type.Integer(), Type.Null()]),
  costPerKmMinor: Type.Integer(),
  costPerHourMinor: Type.Integer(),
  status: Type.String(),
  position: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number(), at: NullableIso }), Type.Null()]),
  batteryPct: NullableNumber,
  createdAt: Iso,
});

export const presentVehicle = (v: VehicleRow) => ({
  id: v.id,
  hubId: v.hubId,
  kind: v.kind,
  name: v.name,
  capacityG: v.capacityG,
  capacityVolumeCm3: v.capacityVolumeCm3,
  maxParcels: v.maxParcels,
  speedMps: v.speedMps,
  rangeM: v.rangeM,
  batteryWh: v.batteryWh,
  costPerKmMinor: v.costPerKmMinor,
  costPerHourMinor: v.costPerHourMinor,
  status: v.status,
  position: v.lastLon !== null && v.lastLat !== null ? { lon: v.lastLon, lat: v.lastLat, at: v.lastSeenAt === null ? null : iso(v.lastSeenAt) } : null,
  batteryPct: v.batteryPct,
  createdAt: iso(v.createdAt),
});

export const Stop = Type.Object({
  id: Type.String(),
  tripNo: Type.Integer(),
  seq: Type.Integer(),
  kind: Type.String({ description: 'depart | delivery | reload | return' }),
  orderId: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Number(),
  lat: Type.Number(),
  plannedArrival: NullableIso,
  eta: NullableIso,
  arrivedAt: NullableIso,
  departedAt: NullableIso,
  state: Type.String({ description: 'planned | arrived | done | failed | skipped' }),
});

export const Route = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  vehicleId: Type.String(),
  state: Type.String({ description: 'planned | started | completed | cancelled' }),
  startAt: NullableIso,
  endAt: NullableIso,
  distanceM: Type.Integer(),
  durationS: Type.Integer(),
  stops: Type.Array(Stop),
});

const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

export const presentStop = (s: StopRow) => ({
  id: s.id,
  tripNo: s.tripNo,
  seq: s.seq,
  kind: s.kind,
  orderId: s.orderId,
  lon: s.lon,
  lat: s.lat,
  plannedArrival: isoOrNull(s.plannedArrival),
  eta: isoOrNull(s.eta),
  arrivedAt: isoOrNull(s.arrivedAt),
  departedAt: isoOrNull(s.departedAt),
  state: s.state,
});

export const presentRoute = (r: RouteRow, stops: StopRow[]) => ({
  id: r.id,
  planId: r.planId,
  vehicleId: r.vehicleId,
  state: r.state,
  startAt: isoOrNull(r.startAt),
  endAt: isoOrNull(r.endAt),
  distanceM: r.distanceM,
  durationS: r.durationS,
  stops: stops.map(presentStop),
});

const VehicleListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    hubId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  Strict,
);
type VehicleListQuery = Static<typeof VehicleListQuery>;

const OWN = ['operator', 'device'] as const;

export function registerVehicleRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: VehicleCreate }>(
    '/v1/vehicles',
    { schema: { tags: ['fleet'], summary: 'Add a vehicle (van or drone) to a hub', body: VehicleCreate, response: { 201: Vehicle } } },
    async (req, reply) => reply.status(201).send(presentVehicle(await createVehicle(ctx, actorOf(req), req.body))),
  );

  app.get<{ Querystring: VehicleListQuery }>(
    '/v1/vehicles',
    { schema: { tags: ['fleet'], summary: 'List vehicles (filter: hubId)', querystring: VehicleListQuery, response: { 200: PageEnvelope(Vehicle) } } },
    async (req) => pageBody(await listVehicles(ctx, req.query.hubId ? { hubId: req.query.hubId } : {}, pageRequest(req.query)), presentVehicle),
  );

  app.get<{ Params: IdParams }>(
    '/v1/vehicles/:id',
    { config: { roles: OWN }, schema: { tags: ['fleet'], summary: 'Get a vehicle (a device key: its own only)', params: IdParams, response: { 200: Vehicle } } },
    async (req) => presentVehicle(await getVehicle(ctx, actorOf(req), req.params.id)),
  );

  app.get<{ Params: IdParams }>(
    '/v1/vehicles/:id/route',
    {
      config: { roles: OWN },
      schema: {
        tags: ['tracking'],
        summary: 'The vehicle’s current route with stops and ETAs (null when it has none)',
        params: IdParams,
        response: { 200: Type.Object({ route: Type.Union([Route, Type.Null()]) }) },
      },
    },
    async (req) => {
      const r = await getVehicleRoute(ctx, actorOf(req), req.params.id);
      return { route: r ? presentRoute(r.route, r.stops) : null };
    },
  );
}
