// The simulator's dispatch round for one hub: open orders + idle vehicles → engine Problem →
// solve with a fixed iteration budget (deterministic) → which vehicle takes which orders now.
// Vehicles that are out are left out of the round; orders the round cannot serve wait for the
// next one. The plan covers one trip per vehicle: later trips are planned by later rounds, so
// nothing planned is ever "kept" that has not started. Drone eligibility (payload, weather,
// no-fly zones, range with wind) comes from src/engine/drone; vans drive straight lines × a
// road factor.
import { droneDeliveryEligibility } from '../engine/drone/eligibility.js';
import type { Job, Problem, Vehicle } from '../engine/model.js';
import { solve } from '../engine/solve.js';
import type { PreparedAirspace } from '../geo/detour.js';
import { haversineMetres } from '../geo/haversine.js';
import type { NoFlyZone } from '../geo/zones.js';
import type { HourWeather, ScenarioOperations } from './scenario/schema.js';
import type { SimHub, SimVehicle } from './world.js';

export interface OpenOrder {
  id: string;
  hubId: string;
  lon: number;
  lat: number;
  weightG: number;
  dropoff: string;
  placedAt: number;
  windowStart: number;
  windowEnd: number;
  /** Attempts so far (a failed one may be retried up to operations.maxAttempts). */
  attempts: number;
}

export interface Assignment {
  vehicle: SimVehicle;
  orders: OpenOrder[];
}

export interface RoundInput {
  now: number;
  hub: SimHub;
  orders: OpenOrder[];
  vehicles: SimVehicle[];
  weather: HourWeather;
  ops: ScenarioOperations;
  airspace: PreparedAirspace | undefined;
  zones: NoFlyZone[];
  seed: number;
}

/** Drop-offs a tethered drone can serve (a pad or a yard); doors, lockers and garages need a van. */
const DRONE_DROPOFFS = new Set(['drone_pad', 'yard']);

export function planRound(input: RoundInput): Assignment[] {
  const { now, hub, ops } = input;
  if (input.orders.length === 0 || input.vehicles.length === 0) return [];
  // Most urgent first; the cap keeps a backlog from blowing up one round's solve.
  const orders = [...input.orders]
    .sort((a, b) => a.windowEnd - b.windowEnd || (a.id < b.id ? -1 : 1))
    .slice(0, ops.maxOrdersPerRound);
  const n = orders.length + 1;
  const coords: Array<[number, number]> = [[hub.row.lon, hub.row.lat], ...orders.map((o): [number, number] => [o.lon, o.lat])];
  const straight = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = haversineMetres(coords[i]![0], coords[i]![1], coords[j]![0], coords[j]![1]);
      straight[i * n + j] = d;
      straight[j * n + i] = d;
    }
  }
  const vans = input.vehicles.filter((v) => v.kind === 'van');
  const drones = input.vehicles.filter((v) => v.kind === 'drone');
  const vanSpeed = vans[0]?.row.speedMps ?? 8;
  const vanDist = straight.map((d) => d * ops.roadFactor);
  const vanTime = vanDist.map((d) => d / vanSpeed);
  const matrices: Problem['matrices'] = { van: { distance: vanDist, duration: vanTime } };
  const droneOk: boolean[] = orders.map(() => false);
  if (drones.length) {
    const { spec, model } = drones[0]!.drone!;
    const droneDist = Float64Array.from(straight);
    const droneTime = new Float64Array(n * n);
    const vertical = spec.cruiseAltitudeM / spec.climbMps + spec.cruiseAltitudeM / spec.descentMps;
    orders.forEach((o, k) => {
      if (!DRONE_DROPOFFS.has(o.dropoff)) return;
      const e = droneDeliveryEligibility(spec, model, {
        hub: coords[0]!, drop: coords[k + 1]!, parcelKg: o.weightG / 1000, zones: input.zones, atTime: now,
        weather: input.weather, ...(input.airspace ? { airspace: input.airspace } : {}),
      });
      if (!e.eligible || !e.sortie) return;
      droneOk[k] = true;
      // The solver sees the real (detoured) out and back legs of the sortie.
      droneDist[k + 1] = e.sortie.perLeg[0]!.distanceM;
      droneDist[(k + 1) * n] = e.sortie.perLeg[1]!.distanceM;
    });
    for (let i = 0; i < n * n; i++) droneTime[i] = droneDist[i]! / spec.cruiseAirspeedMps + (droneDist[i]! > 0 ? vertical : 0);
    matrices.drone = { distance: droneDist, duration: droneTime };
  }
  const fleet = [...vans, ...drones];
  const vehicles: Vehicle[] = fleet.map((v) => {
    const isVan = v.kind === 'van';
    return {
      id: v.row.id,
      profile: v.kind,
      start: 0,
      end: 0,
      capacity: [v.row.capacityG, v.row.maxParcels],
      shift: { start: now, end: now + (isVan ? ops.maxVanRouteS : 3600) },
      fixedCost: 0,
      costPerDistance: v.row.costPerKmMinor / 1000,
      costPerTime: v.row.costPerHourMinor / 3600,
      maxDistance: isVan ? v.row.rangeM : Infinity,
      maxDuration: Infinity,
      maxTrips: 1,
      reloadTime: 0,
    };
  });
  const vanIdx = fleet.flatMap((v, i) => (v.kind === 'van' ? [i] : []));
  const droneIdx = fleet.flatMap((v, i) => (v.kind === 'drone' ? [i] : []));
  const horizon = now + 7 * 86_400;
  const jobs: Job[] = orders.map((o, k) => {
    const direct = vanTime[k + 1]!;
    // A promise that can still be kept is a time window; one already missed is served as soon as possible.
    const keepable = o.windowEnd >= now + direct;
    return {
      id: o.id,
      location: k + 1,
      demand: [o.weightG, 1],
      service: ops.vanServiceS,
      timeWindows: keepable ? [{ start: Math.max(o.windowStart, now), end: o.windowEnd }] : [],
      release: 0,
      optional: true,
      // Leaving an order for later costs more the sooner its promise ends.
      penalty: 1e6 + (horizon - o.windowEnd),
      allowedVehicles: droneOk[k] ? [...vanIdx, ...droneIdx] : vanIdx,
    };
  });
  const problem: Problem = {
    name: `round ${hub.key} ${now}`,
    dimensions: 2,
    locationCount: n,
    coordinates: coords,
    matrices,
    depots: [0],
    jobs,
    vehicles,
  };
  const result = solve(problem, { seed: input.seed, maxIterations: ops.solveIterations });
  const out: Assignment[] = [];
  for (const r of result.solution.routes) {
    const trip = r.trips[0];
    if (!trip || trip.length === 0) continue;
    out.push({ vehicle: fleet[r.vehicle]!, orders: trip.map((j) => orders[j]!) });
  }
  return out;
}
