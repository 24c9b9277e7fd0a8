// The scenario file format (JSON), as one TypeBox schema: the single source for validation,
// the TypeScript type and the documentation in scenarios/README.md. Semantic checks that a
// schema cannot express (references between sections, 24 hourly entries…) live in validate.ts.
import { Type, type Static } from '@sinclair/typebox';

const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'longitude, degrees' });
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, degrees' });
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'short lower-case key referenced elsewhere in the file' });
const PosInt = Type.Integer({ minimum: 1 });
const NonNegInt = Type.Integer({ minimum: 0 });
const Fraction = Type.Number({ minimum: 0, maximum: 1 });
const HourOfDay = Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$', description: 'HH:MM, UTC' });

export const ScenarioHub = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1 }),
    lon: Lon,
    lat: Lat,
    serviceRadiusM: PosInt,
    launchPads: NonNegInt,
    chargers: NonNegInt,
    opens: HourOfDay,
    closes: HourOfDay,
  },
  { additionalProperties: false },
);

export const ScenarioProduct = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1 }),
    category: Key,
    weightG: PosInt,
    lengthMm: PosInt,
    widthMm: PosInt,
    heightMm: PosInt,
    priceMinor: NonNegInt,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    /** Relative share of order lines (the product mix). */
    demandWeight: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const ScenarioStock = Type.Object(
  {
    /** Units of every product at every hub unless listed below. */
    defaultUnits: NonNegInt,
    overrides: Type.Array(Type.Object({ hub: Key, sku: Type.String({ minLength: 1 }), units: NonNegInt }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const ScenarioAddress = Type.Object(
  {
    line1: Type.String({ minLength: 1 }),
    city: Type.String({ minLength: 1 }),
    postcode: Type.String({ minLength: 1 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    lon: Lon,
    lat: Lat,
    dropoff: Type.Union([
      Type.Literal('door'), Type.Literal('drone_pad'), Type.Literal('yard'),
      Type.Literal('smart_locker'), Type.Literal('smart_garage'), Type.Literal('smart_door'),
    ]),
    dropoffNotes: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ScenarioCustomer = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    notifyChannel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('push'), Type.Literal('none')]),
    address: ScenarioAddress,
  },
  { additionalProperties: false },
);

/** Customers placed at random in discs; `weight` is the zone's share of the generated customers (density). */
export const CustomerZone = Type.Object(
  { name: Type.String({ minLength: 1 }), lon: Lon, lat: Lat, radiusM: PosInt, weight: Type.Number({ exclusiveMinimum: 0 }) },
  { additionalProperties: false },
);

export const ScenarioCustomers = Type.Object(
  {
    /** Customers written as they are. */
    list: Type.Array(ScenarioCustomer),
    /** Extra customers generated from the seed, spread over the zones by weight. */
    generate: Type.Optional(Type.Object({ count: NonNegInt, zones: Type.Array(CustomerZone, { minItems: 1 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const ScenarioDemand = Type.Object(
  {
    /** Expected orders over a full day (Poisson arrivals; the realised count varies with the seed). */
    ordersPerDay: Type.Number({ minimum: 0 }),
    /** 24 relative weights, hour 0..23 UTC: the shape of the demand curve. */
    byHour: Type.Array(Type.Number({ minimum: 0 }), { minItems: 24, maxItems: 24 }),
    linesPerOrder: Type.Object({ min: PosInt, max: PosInt }, { additionalProperties: false }),
    maxQuantityPerLine: PosInt,
    /** Promised delivery window: it opens `windowOpensAfterS` after the order and lasts `windowLengthS`. */
    windowOpensAfterS: NonNegInt,
    windowLengthS: PosInt,
  },
  { additionalProperties: false },
);

export const VanFleet = Type.Object(
  {
    kind: Type.Literal('van'),
    /** Hub key; absent = the same vans at every hub. */
    hub: Type.Optional(Key),
    name: Type.String({ minLength: 1 }),
    count: NonNegInt,
    capacityG: PosInt,
    capacityVolumeCm3: PosInt,
    maxParcels: PosInt,
    speedMps: Type.Number({ exclusiveMinimum: 0, maximum: 60 }),
    rangeM: PosInt,
    batteryWh: PosInt,
    costPerKmMinor: NonNegInt,
    costPerHourMinor: NonNegInt,
  },
  { additionalProperties: false },
);

export const DroneFleet = Type.Object(
  {
    kind: Type.Literal('drone'),
    hub: Type.Optional(Key),
    name: Type.String({ minLength: 1 }),
    count: NonNegInt,
    /** A preset id of src/engine/drone/presets.ts, e.g. vty_wing_like. */
    preset: Type.String({ minLength: 1 }),
    costPerKmMinor: NonNegInt,
    costPerHourMinor: NonNegInt,
  },
  { additionalProperties: false },
);

export const ScenarioSupplier = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1 }),
    email: Type.Union([Type.String(), Type.Null()]),
    leadTimeS: PosInt,
    /** Product categories this supplier replenishes. */
    categories: Type.Array(Key, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const ScenarioReorder = Type.Object(
  {
    reorderPoint: NonNegInt,
    reorderQuantity: PosInt,
    /** Unit cost as a share of the sale price. */
    unitCostShare: Fraction,
  },
  { additionalProperties: false },
);

export const HourWeather = Type.Object(
  {
    windMps: Type.Number({ minimum: 0, maximum: 80 }),
    /** Meteorological: where the wind blows FROM, degrees clockwise from north. */
    fromDeg: Type.Number({ minimum: 0, maximum: 360 }),
    gustMps: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    temperatureC: Type.Optional(Type.Number({ minimum: -60, maximum: 60 })),
    precipitation: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ScenarioOperations = Type.Object(
  {
    /** Simulated seconds between two dispatch rounds of a hub. */
    dispatchIntervalS: PosInt,
    /** Solver budget per round, in iterations (deterministic, unlike a time budget). */
    solveIterations: PosInt,
    /** Optional: the budget grows with the round, ⌈jobs × this⌉ iterations (at least 20), capped by solveIterations. */
    solveIterationsPerJob: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Optional, with solveIterationsPerJob: a round warm-started from the previous plan counts only the orders that plan does not place, from this floor. */
    solveWarmMinIterations: Type.Optional(PosInt),
    /**
     * Optional: simulated seconds from a round's snapshot to its plan taking effect (the dispatcher's
     * compute-and-publish time; default 0, at once). The round plans for that moment; meanwhile the solver
     * runs on its own thread while the day goes on, and the hub holds departures until the new plan is in.
     */
    solveLatencyS: Type.Optional(NonNegInt),
    /** Most orders the hub staff keep picked and waiting for dispatch (allocated → ready), most urgent promise first. */
    maxOrdersPerRound: PosInt,
    /** Straight line × this factor = road distance for vans. */
    roadFactor: Type.Number({ minimum: 1, maximum: 3 }),
    vanServiceS: NonNegInt,
    /** Probability that nobody is home for a door hand-over (smart drop-offs and drone pads never fail this way). */
    nobodyHomeRate: Fraction,
    /** Probability that a drone aborts a drop because of a gust, per m/s of wind above 0 (capped at 1). */
    windAbortRatePerMps: Fraction,
    /** Delivery attempts before a parcel goes back to stock. */
    maxAttempts: PosInt,
    /** Simulated seconds between two telemetry reports of a moving vehicle. */
    telemetryIntervalS: PosInt,
  },
  { additionalProperties: false },
);

export const Scenario = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** Start of simulated time, ISO 8601 UTC (e.g. 2026-03-02T00:00:00Z). */
    start: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?Z$' }),
    /** Default seed when the command line gives none. */
    seed: Type.Integer(),
    bounds: Type.Object({ west: Lon, south: Lat, east: Lon, north: Lat }, { additionalProperties: false }),
    hubs: Type.Array(ScenarioHub, { minItems: 1 }),
    products: Type.Array(ScenarioProduct, { minItems: 1 }),
    stock: ScenarioStock,
    customers: ScenarioCustomers,
    demand: ScenarioDemand,
    fleet: Type.Array(Type.Union([VanFleet, DroneFleet]), { minItems: 1 }),
    suppliers: Type.Array(ScenarioSupplier),
    reorder: ScenarioReorder,
    /** GeoJSON FeatureCollection of no-fly zones (see src/geo/zones.ts for the properties). */
    noFlyZones: Type.Unknown(),
    /** One entry (constant weather) or 24 entries (hour 0..23 UTC). */
    weather: Type.Array(HourWeather, { minItems: 1, maxItems: 24 }),
    operations: ScenarioOperations,
  },
  { additionalProperties: false },
);

export type Scenario = Static<typeof Scenario>;
export type ScenarioHub = Static<typeof ScenarioHub>;
export type ScenarioProduct = Static<typeof ScenarioProduct>;
export type ScenarioCustomer = Static<typeof ScenarioCustomer>;
export type VanFleet = Static<typeof VanFleet>;
export type DroneFleet = Static<typeof DroneFleet>;
export type HourWeather = Static<typeof HourWeather>;
export type ScenarioOperations = Static<typeof ScenarioOperations>;
