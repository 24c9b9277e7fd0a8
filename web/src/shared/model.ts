// The API shapes the web pages read. Fields of resources that are still being built on the
// server (vehicles, plans, zones) are read through the normalisers below, which accept the
// documented field names and ignore anything they do not know.

export interface Hub {
  id: string;
  name: string;
  lon: number;
  lat: number;
  serviceRadiusM: number;
  launchPads: number;
  chargers: number;
}

export interface OrderLine {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface Order {
  id: string;
  state: string;
  customerId: string;
  addressId: string;
  hubId: string | null;
  window: { start: string; end: string };
  lines?: OrderLine[];
  totalMinor: number;
  currency: string;
  weightG: number;
  createdAt: string;
  updatedAt: string;
  mode?: string | null;
}

export interface OrderEvent {
  id: string;
  from: string | null;
  to: string;
  actor: string;
  reason: string | null;
  at: string;
}

export interface Address {
  id: string;
  customerId: string;
  line1: string;
  city: string;
  postcode: string;
  lon: number;
  lat: number;
  dropoff: string;
  dropoffNotes: string | null;
}

export interface StockLevel {
  productId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface Vehicle {
  id: string;
  hubId: string;
  kind: string;
  name: string;
  status: string;
  lon: number | null;
  lat: number | null;
  batteryPct: number | null;
  lastSeenAt: string | null;
  currentRouteId: string | null;
}

export interface Stop {
  id: string;
  kind: string;
  orderId: string | null;
  lon: number;
  lat: number;
  eta: string | null;
  state: string;
  tripNo: number;
}

export interface Route {
  id: string;
  vehicleId: string;
  state: string;
  stops: Stop[];
  /** Drone sorties' flight paths ([lon, lat] waypoints around no-fly zones), when flight plans exist. */
  sorties?: Array<Array<[number, number]>>;
}

export const OPEN_STATES = ['placed', 'allocated', 'ready', 'dispatched', 'failed'] as const;
export const FINISHED_STATES = ['delivered', 'returned', 'cancelled'] as const;
export const ORDER_STATES = ['placed', 'allocated', 'ready', 'dispatched', 'delivered', 'failed', 'returned', 'cancelled'] as const;

type Loose = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A vehicle as served by /v1/vehicles: position as lon/lat, lastLon/lastLat or position {lon, lat}. */
export function toVehicle(raw: Loose): Vehicle {
  const pos = (raw.position ?? raw.location ?? {}) as Loose;
  return {
    id: String(raw.id),
    hubId: String(raw.hubId ?? ''),
    kind: String(raw.kind ?? 'van'),
    name: String(raw.name ?? raw.id),
    status: String(raw.status ?? 'unknown'),
    lon: num(pos.lon) ?? num(raw.lon) ?? num(raw.lastLon),
    lat: num(pos.lat) ?? num(raw.lat) ?? num(raw.lastLat),
    batteryPct: num(raw.batteryPct),
    lastSeenAt: str(raw.lastSeenAt) ?? str(pos.at),
    currentRouteId: str(raw.currentRouteId) ?? str((raw.currentRoute as Loose | undefined)?.id),
  };
}

export function toStop(raw: Loose): Stop {
  const pos = (raw.position ?? raw.location ?? {}) as Loose;
  return {
    id: String(raw.id ?? ''),
    kind: String(raw.kind ?? 'delivery'),
    orderId: str(raw.orderId),
    lon: num(pos.lon) ?? num(raw.lon) ?? 0,
    lat: num(pos.lat) ?? num(raw.lat) ?? 0,
    eta: str(raw.eta) ?? str(raw.plannedArrival),
    state: String(raw.state ?? 'planned'),
    tripNo: num(raw.tripNo) ?? 1,
  };
}

export function toRoute(raw: Loose): Route {
  const stops = Array.isArray(raw.stops) ? (raw.stops as Loose[]).map(toStop) : [];
  return { id: String(raw.id ?? ''), vehicleId: String(raw.vehicleId ?? ''), state: String(raw.state ?? 'planned'), stops };
}

/** The routes of a plan response: `{ routes: [...] }` or `{ plan: { routes } }`. */
export function routesOf(raw: unknown): Route[] {
  if (!raw || typeof raw !== 'object') return [];
  const r = raw as Loose;
  const routes = (Array.isArray(r.routes) ? r.routes : Array.isArray((r.plan as Loose | undefined)?.routes) ? (r.plan as Loose).routes : []) as Loose[];
  return routes.map(toRoute);
}

export interface Zone {
  id: string;
  name: string;
  /** Outer rings as [lon, lat] pairs (GeoJSON order). */
  rings: Array<Array<[number, number]>>;
}

/** A no-fly zone from the API: GeoJSON geometry (Polygon/MultiPolygon) or a bare ring. */
export function toZone(raw: Loose): Zone | null {
  const geom = (raw.geometry ?? raw.polygon ?? raw.area) as Loose | unknown[] | undefined;
  let rings: Array<Array<[number, number]>> = [];
  if (Array.isArray(geom)) rings = [geom as Array<[number, number]>];
  else if (geom && (geom as Loose).type === 'Polygon') rings = (geom as Loose).coordinates as Array<Array<[number, number]>>;
  else if (geom && (geom as Loose).type === 'MultiPolygon') rings = ((geom as Loose).coordinates as Array<Array<Array<[number, number]>>>).map((p) => p[0]!);
  if (!rings.length) return null;
  const props = (raw.properties ?? raw) as Loose;
  return { id: String(raw.id ?? props.id ?? ''), name: String(props.name ?? raw.id ?? 'zone'), rings };
}
