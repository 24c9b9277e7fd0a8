// What the simulation observed, as plain data: every delivery attempt, every trip's distance,
// energy and time, battery samples, stock-outs and purchase orders. The KPIs and charts are
// computed from this record afterwards (kpi.ts), never from the dispatcher's own bookkeeping.
export type Mode = 'van' | 'drone';

export interface DeliveryRecord {
  orderId: string;
  hubId: string;
  mode: Mode;
  placedAt: number;
  windowStart: number;
  windowEnd: number;
  deliveredAt: number;
}

export interface FailureRecord {
  orderId: string;
  mode: Mode;
  at: number;
  reason: 'nobody_home' | 'wind_abort' | 'not_flyable';
}

export interface TripRecord {
  vehicleId: string;
  hubId: string;
  /** The route the trip belongs to (a drone's route may be several trips). */
  routeId: string;
  mode: Mode;
  departAt: number;
  returnAt: number;
  distanceM: number;
  energyWh: number;
  costMinor: number;
  parcels: number;
  /** Path flown or driven, [lon, lat] (for the route map). */
  path: Array<[number, number]>;
}

export interface BatterySample {
  vehicleId: string;
  mode: Mode;
  at: number;
  pct: number;
}

export interface SimRecord {
  startS: number;
  endS: number;
  hubs: Array<{ id: string; name: string; lon: number; lat: number; opensS: number; closesS: number }>;
  vehicles: Array<{ id: string; hubId: string; mode: Mode; name: string }>;
  /** Orders accepted by intake (allocated). */
  placed: Array<{ orderId: string; hubId: string; at: number; windowEnd: number }>;
  /** Orders intake refused, by domain error code (stock_insufficient = a stock-out). */
  refused: Record<string, number>;
  deliveries: DeliveryRecord[];
  failures: FailureRecord[];
  /** Orders given up after the last attempt (returned to stock). */
  returned: Array<{ orderId: string; at: number }>;
  trips: TripRecord[];
  battery: BatterySample[];
  dispatchRounds: number;
  telemetryReports: number;
  /** Departures that waited for their hub's round to commit (operations.solveLatencyS). */
  departuresHeld: number;
  /** Wall time spent per kind of event (where a run's time goes; not part of the KPIs). */
  eventCosts: Record<string, { count: number; ms: number }>;
  /** Domain refusals the run met and carried on from (dispatch conflicts, stop events refused), by code. */
  anomalies: Record<string, number>;
  purchaseOrders: { created: number; confirmed: number; received: number; unitsReceived: number };
  /** Features of the domain this build did not have, so the run did without them (listed in the report). */
  missing: string[];
  /** Orders per state in the database at the end (an independent count, read back through the domain). */
  finalStates: Record<string, number>;
}

export function emptyRecord(startS: number, endS: number): SimRecord {
  return {
    startS, endS, hubs: [], vehicles: [], placed: [], refused: {}, deliveries: [], failures: [], returned: [], trips: [], battery: [],
    dispatchRounds: 0, departuresHeld: 0, telemetryReports: 0, eventCosts: {}, anomalies: {}, purchaseOrders: { created: 0, confirmed: 0, received: 0, unitsReceived: 0 }, missing: [], finalStates: {},
  };
}
