// The fleet player's physics: how long a planned trip really takes and what it really costs.
// Vans drive straight lines × the road factor at their speed and wait for a window that has not
// opened; drones fly the sortie model of src/engine/drone (climb, cruise in the wind of the hour,
// descent, hover at the drop, detours around no-fly zones). The plan's own estimates are not used.
import { sortieLegs } from '../engine/drone/legs.js';
import { sortieEnergy } from '../engine/drone/sortie.js';
import type { PreparedAirspace } from '../geo/detour.js';
import { haversineMetres } from '../geo/haversine.js';
import type { HourWeather, ScenarioOperations } from './scenario/schema.js';
import type { SimVehicle } from './world.js';

/** A delivery stop of a planned route, with what the player needs to know about its order. */
export interface Drop {
  stopId: string;
  orderId: string;
  lon: number;
  lat: number;
  weightG: number;
  windowStart: number;
}

export interface TimedStop {
  order: Drop;
  /** When the hand-over happens (after any wait for the window, before the service time). */
  at: number;
}

export interface TripTimeline {
  stops: TimedStop[];
  returnAt: number;
  /** When the vehicle can leave again (drone battery swap included). */
  readyAt: number;
  distanceM: number;
  energyWh: number;
  /** Hours the vehicle is costed for (en route). */
  durationS: number;
  path: Array<[number, number]>;
}

export function vanTrip(v: SimVehicle, hub: [number, number], orders: Drop[], departAt: number, ops: ScenarioOperations): TripTimeline {
  let t = departAt;
  let at: [number, number] = hub;
  let distanceM = 0;
  const stops: TimedStop[] = [];
  const path: Array<[number, number]> = [hub];
  for (const o of orders) {
    const d = haversineMetres(at[0], at[1], o.lon, o.lat) * ops.roadFactor;
    distanceM += d;
    t += d / v.row.speedMps;
    t = Math.max(t, o.windowStart);
    stops.push({ order: o, at: Math.round(t) });
    t += ops.vanServiceS;
    at = [o.lon, o.lat];
    path.push(at);
  }
  const back = haversineMetres(at[0], at[1], hub[0], hub[1]) * ops.roadFactor;
  distanceM += back;
  t += back / v.row.speedMps;
  path.push(hub);
  // Electric van: the battery's nameplate over the rated range, per metre.
  const energyWh = ((v.row.batteryWh ?? 0) / v.row.rangeM) * distanceM;
  const returnAt = Math.round(t);
  return { stops, returnAt, readyAt: returnAt, distanceM, energyWh, durationS: returnAt - departAt, path };
}

/** A drone sortie to one or more drops in the wind of the hour; null when it cannot be flown (then the orders stay for a van). */
export function droneTrip(
  v: SimVehicle,
  hub: [number, number],
  orders: Drop[],
  departAt: number,
  weather: HourWeather,
  airspace: PreparedAirspace | undefined,
): TripTimeline | null {
  const { spec, model } = v.drone!;
  const legs = sortieLegs(hub, orders.map((o): [number, number] => [o.lon, o.lat]), airspace);
  if (!legs.ok) return null;
  const sortie = sortieEnergy(spec, model, { legs: legs.legs, parcelsKg: orders.map((o) => o.weightG / 1000) }, { fromDeg: weather.fromDeg, speedMps: weather.windMps });
  if (!sortie.feasible) return null;
  let t = departAt + spec.launchSeconds;
  const stops: TimedStop[] = orders.map((o, i) => {
    const leg = sortie.perLeg[i]!;
    t += leg.climbS + leg.cruiseS + leg.descentS;
    const handover = Math.round(t + leg.hoverS);
    t += leg.hoverS;
    return { order: o, at: handover };
  });
  const returnAt = Math.round(departAt + sortie.durationS);
  return {
    stops,
    returnAt,
    readyAt: returnAt + spec.turnaroundSeconds,
    distanceM: sortie.perLeg.reduce((s, l) => s + l.distanceM, 0),
    energyWh: sortie.energyWh,
    durationS: returnAt - departAt,
    path: legs.paths.flatMap((p, i) => (i === 0 ? p : p.slice(1))),
  };
}

/** Position along a path at fraction f of its length (for telemetry between stops). */
export function alongPath(path: ReadonlyArray<[number, number]>, f: number): [number, number] {
  if (path.length === 1 || f <= 0) return path[0]!;
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const d = haversineMetres(path[i - 1]![0], path[i - 1]![1], path[i]![0], path[i]![1]);
    seg.push(d);
    total += d;
  }
  let want = Math.min(1, f) * total;
  for (let i = 0; i < seg.length; i++) {
    if (want <= seg[i]! || i === seg.length - 1) {
      const k = seg[i]! > 0 ? Math.min(1, want / seg[i]!) : 1;
      const a = path[i]!;
      const b = path[i + 1]!;
      return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];
    }
    want -= seg[i]!;
  }
  return path[path.length - 1]!;
}
