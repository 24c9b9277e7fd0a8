// Request and response shapes for quotes, airspace (zones, flight plans) and drones.
import { Type, type Static } from '@sinclair/typebox';

const Strict = { additionalProperties: false } as const;
const Iso = Type.String({ format: 'date-time', description: 'ISO 8601 UTC' });
const NullableIso = Type.Union([Iso, Type.Null()]);
const Open = Type.Object({}, { additionalProperties: true });

// ---------------------------------------------------------------- quotes

export const QuoteCreate = Type.Object(
  {
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'optional: the address names its customer' })),
    addressId: Type.String({ minLength: 1, maxLength: 64 }),
    lines: Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }, Strict), { minItems: 1, maxItems: 100 }),
    window: Type.Optional(Type.Object({ start: Iso, end: Iso }, Strict)),
  },
  Strict,
);
export type QuoteCreate = Static<typeof QuoteCreate>;

const Reason = Type.Object({
  code: Type.String({ description: 'machine-readable, e.g. payload_over_limit, dropoff_not_drone_capable, wind_above_limit' }),
  message: Type.String(),
  specIds: Type.Optional(Type.Array(Type.String(), { description: 'drone types the reason applies to' })),
  zoneId: Type.Optional(Type.String()),
});

export const ModeQuote = Type.Object({
  mode: Type.String({ description: 'drone | van' }),
  eligible: Type.Boolean(),
  reasons: Type.Array(Reason),
  eta: NullableIso,
  departAt: NullableIso,
  vehicleId: Type.Union([Type.String(), Type.Null()]),
  specId: Type.Union([Type.String(), Type.Null()]),
  figures: Type.Record(Type.String(), Type.Number()),
});

export const Quote = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  addressId: Type.String(),
  hubId: Type.String(),
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  window: Type.Union([Type.Object({ start: Iso, end: Iso }), Type.Null()]),
  recommendedMode: Type.Union([Type.String(), Type.Null()]),
  modes: Type.Array(ModeQuote),
  createdAt: Iso,
  expiresAt: Iso,
});

// ---------------------------------------------------------------- airspace

export const GeoJsonBody = Type.Unknown({ description: 'GeoJSON Feature or FeatureCollection of Polygon/MultiPolygon no-fly zones (properties: name, kind, bufferM, minAltitudeM, maxAltitudeM, activeFrom, activeTo)' });
export const GeoJson = Open;

export const FlightPlanQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    hubId: Type.Optional(Type.String({ maxLength: 64 })),
    vehicleId: Type.Optional(Type.String({ maxLength: 64 })),
    routeId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  Strict,
);
export type FlightPlanQuery = Static<typeof FlightPlanQuery>;

export const FlightPlanGetQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])) }, Strict);
export type FlightPlanGetQuery = Static<typeof FlightPlanGetQuery>;

export const FlightPlan = Type.Object({
  id: Type.String(),
  hubId: Type.String(),
  vehicleId: Type.String(),
  routeId: Type.Union([Type.String(), Type.Null()]),
  tripNo: Type.Integer(),
  orderIds: Type.Array(Type.String()),
  state: Type.String(),
  padFrom: Iso,
  takeoffAt: Iso,
  landAt: Iso,
  padUntil: Iso,
  chargeFrom: Type.Union([Iso, Type.Null()], { description: "start of the sortie's battery-pack charge session on a hub charger (null: the hub has no charger, or a plan stored before sessions)" }),
  chargeUntil: Type.Union([Iso, Type.Null()], { description: 'end of that charge session: the pack is charged again' }),
  cruiseAltitudeM: Type.Number(),
  path: Type.Array(Type.Array(Type.Number()), { description: 'waypoints [lon, lat, altitude m AGL, epoch s]' }),
  distanceM: Type.Integer(),
  energyWh: Type.Number(),
  specId: Type.String(),
  createdAt: Iso,
});

// ---------------------------------------------------------------- drones

const Bay = Type.Object({ lengthMm: Type.Integer({ minimum: 1, maximum: 5000 }), widthMm: Type.Integer({ minimum: 1, maximum: 5000 }), heightMm: Type.Integer({ minimum: 1, maximum: 5000 }) }, Strict);

export const DroneProfileBody = Type.Object(
  {
    presetId: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. vty_wing_like, vty_mk30_like, vty_zipline_p2_like' })),
    spec: Type.Optional(Type.Unknown({ description: 'a full DroneSpec (src/engine/drone/spec.ts) instead of a preset' })),
    bay: Type.Optional(Bay),
    maintenanceEveryCycles: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    maintenanceDueAt: Type.Optional(NullableIso),
  },
  Strict,
);
export type DroneProfileBody = Static<typeof DroneProfileBody>;

export const DroneStateBody = Type.Object(
  {
    batteryPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    completedCycles: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'sorties flown since the last report' })),
    maintenanceDone: Type.Optional(Type.Boolean({ description: 'operator: inspection done now' })),
    maintenanceDueAt: Type.Optional(NullableIso),
    status: Type.Optional(Type.Union([Type.Literal('idle'), Type.Literal('charging'), Type.Literal('maintenance'), Type.Literal('offline')])),
  },
  { ...Strict, minProperties: 1 },
);
export type DroneStateBody = Static<typeof DroneStateBody>;

export const Drone = Type.Object({
  vehicleId: Type.String(),
  hubId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  batteryPct: Type.Union([Type.Number(), Type.Null()]),
  available: Type.Boolean(),
  presetId: Type.Union([Type.String(), Type.Null()]),
  spec: Open,
  bay: Type.Object({ lengthMm: Type.Integer(), widthMm: Type.Integer(), heightMm: Type.Integer() }),
  cycles: Type.Integer(),
  maintenance: Type.Object({
    due: Type.Boolean(),
    reasons: Type.Array(Type.String()),
    cyclesUntilDue: Type.Integer(),
    everyCycles: Type.Integer(),
    dueAt: NullableIso,
  }),
  updatedAt: Iso,
});

export const DroneListQuery = Type.Object({ hubId: Type.Optional(Type.String({ maxLength: 64 })) }, Strict);
export type DroneListQuery = Static<typeof DroneListQuery>;
