// Builds the engine Problem for one hub's dispatch round from plain records. Deterministic for
// the same inputs, so a stored plan can be checked later by rebuilding its problem (the plan
// keeps the origin and settings it was built with). Times inside the Problem are seconds after
// `origin` (the round's "now"); distances are haversine metres rounded to whole metres.
import { haversineMetres } from '../geo/haversine.js';
import type { Job, Problem, ProfileMatrices, TimeWindow, Vehicle } from '../engine/model.js';
import type { DispatchSettings } from './dispatch-settings.js';

export interface DispatchHubInput {
  id: string;
  lon: number;
  lat: number;
  /** Weekly hours: day 0..6 (Sunday = 0), open/close in seconds after midnight UTC. */
  openingHours: Array<{ day: number; open: number; close: number }>;
}

export interface DispatchOrderInput {
  id: string;
  lon: number;
  lat: number;
  weightG: number;
  windowStart: number;
  windowEnd: number;
}

export interface DispatchVehicleInput {
  id: string;
  kind: string;
  capacityG: number;
  maxParcels: number;
  speedMps: number;
  rangeM: number;
  costPerKmMinor: number;
  costPerHourMinor: number;
}

export type DispatchProblemSettings = Pick<DispatchSettings, 'vanSpeedMps' | 'serviceS' | 'droneMaxTrips' | 'droneReloadS'>;

export interface BuiltProblem {
  problem: Problem;
  origin: number;
  /** The working period the vehicles get (epoch seconds), or null when the hub is closed all week. */
  shift: TimeWindow | null;
  /** Orders whose window had already closed: planned as soon as possible, without a window. */
  late: string[];
}

/** Serving a job always beats any route cost (minor units), so jobs are dropped only when infeasible. */
export const UNSERVED_PENALTY = 1e9;
const DAY_S = 86_400;

/** The first opening period (epoch seconds) that ends after `now`, clipped to start at `now`. */
export function nextShift(openingHours: DispatchHubInput['openingHours'], now: number): TimeWindow | null {
  const midnight = Math.floor(now / DAY_S) * DAY_S;
  for (let d = 0; d <= 7; d++) {
    const dayStart = midnight + d * DAY_S;
    const weekday = new Date(dayStart * 1000).getUTCDay();
    const periods = openingHours
      .filter((h) => h.day === weekday && h.close > h.open)
      .map((h) => ({ start: dayStart + h.open, end: dayStart + h.close }))
      .filter((p) => p.end > now)
      .sort((a, b) => a.start - b.start);
    if (periods.length) return { start: Math.max(periods[0]!.start, now), end: periods[0]!.end };
  }
  return null;
}

/** Metres per second a vehicle drives at: vans at the configured urban speed, others at their own. */
export function vehicleSpeed(v: Pick<DispatchVehicleInput, 'kind' | 'speedMps'>, s: Pick<DispatchSettings, 'vanSpeedMps'>): number {
  return v.kind === 'van' ? s.vanSpeedMps : v.speedMps;
}

const profileOf = (v: DispatchVehicleInput, s: DispatchProblemSettings) => `${v.kind}@${vehicleSpeed(v, s)}`;

export function buildDispatchProblem(
  hub: DispatchHubInput,
  orders: DispatchOrderInput[],
  vehicles: DispatchVehicleInput[],
  settings: DispatchProblemSettings,
  origin: number,
): BuiltProblem {
  const coordinates: Array<[number, number]> = [[hub.lon, hub.lat], ...orders.map((o): [number, number] => [o.lon, o.lat])];
  const n = coordinates.length;
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) distance[i * n + j] = Math.round(haversineMetres(coordinates[i]![0], coordinates[i]![1], coordinates[j]![0], coordinates[j]![1]));
    }
  }
  const matrices: Record<string, ProfileMatrices> = {};
  for (const v of vehicles) {
    const profile = profileOf(v, settings);
    if (matrices[profile]) continue;
    const speed = vehicleSpeed(v, settings);
    if (!(speed > 0)) throw new Error(`vehicle ${v.id} has no positive speed`);
    matrices[profile] = { distance, duration: distance.map((d) => Math.round(d / speed)) };
  }

  const shift = nextShift(hub.openingHours, origin);
  const late: string[] = [];
  const engineVehicles: Vehicle[] = shift
    ? vehicles.map((v) => {
        const drone = v.kind === 'drone';
        const noCost = v.costPerKmMinor === 0 && v.costPerHourMinor === 0;
        return {
          id: v.id,
          profile: profileOf(v, settings),
          start: 0,
          end: 0,
          capacity: [v.capacityG, v.maxParcels],
          shift: { start: shift.start - origin, end: shift.end - origin },
          fixedCost: 0,
          // Without any cost the search would have nothing to minimise: fall back to 1 per km.
          costPerDistance: (noCost ? 1 : v.costPerKmMinor) / 1000,
          costPerTime: v.costPerHourMinor / 3600,
          // A van's range is per day; a drone's is per battery, handled per job below.
          maxDistance: drone ? Number.POSITIVE_INFINITY : v.rangeM,
          maxDuration: Number.POSITIVE_INFINITY,
          maxTrips: drone ? settings.droneMaxTrips : 1,
          reloadTime: drone ? settings.droneReloadS : 0,
        };
      })
    : [];

  const jobs: Job[] = orders.map((o, k) => {
    const location = k + 1;
    let timeWindows: TimeWindow[] = [{ start: Math.max(0, o.windowStart - origin), end: o.windowEnd - origin }];
    if (o.windowEnd <= origin) {
      late.push(o.id);
      timeWindows = [];
    }
    const job: Job = { id: o.id, location, demand: [o.weightG, 1], service: settings.serviceS, timeWindows, release: 0, optional: true, penalty: UNSERVED_PENALTY };
    // A drone must reach the address and come back on one battery.
    const outAndBack = 2 * distance[location]!;
    const allowed = vehicles.map((v, i) => (v.kind === 'drone' && outAndBack > v.rangeM ? -1 : i)).filter((i) => i >= 0);
    if (allowed.length < vehicles.length) job.allowedVehicles = allowed;
    return job;
  });

  const problem: Problem = {
    name: `dispatch ${hub.id} @${origin}`,
    dimensions: 2,
    locationCount: n,
    coordinates,
    metric: 'haversine',
    matrices,
    depots: [0],
    jobs,
    vehicles: engineVehicles,
  };
  return { problem, origin, shift, late };
}
