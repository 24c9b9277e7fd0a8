// Builds the engine Problem for one hub's dispatch round from plain records. Deterministic for
// the same inputs, so a stored plan can be checked later by rebuilding its problem (the plan
// keeps the origin and settings it was built with). Times inside the Problem are seconds after
// `origin` (the round's "now"); distances are haversine metres rounded to whole metres.
// Modes: a van-mode order goes only to vans; a drone-mode order only to the drones named eligible
// for it. A profiled drone flies one parcel per trip (hub → drop → hub) with its own leg times per
// order (from the engine's sortie model, computed by dispatch-drones.ts) in a per-spec profile,
// and its battery through the engine's battery rule (a conservative fit, dispatch-drones.ts), so the
// solver plans trips that fit it. `maxDrops` > 1 (off unless the caller sets it) lets a trip carry
// several parcels: drop-to-drop legs then take the hover, climb and descent and a worst-headwind cruise.
import { haversineMetres } from '../geo/haversine.js';
import type { Job, Problem, ProfileMatrices, TimeWindow, Vehicle, VehicleEnergy } from '../engine/model.js';
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
  /** 'van' (default) or 'drone': decides which vehicles may take the order. */
  mode?: 'van' | 'drone';
  /** Drone mode: the drones found eligible for it (absent = any drone in range). */
  droneVehicleIds?: string[];
  /** Drone mode: leg times per drone type (spec id), from the sortie model. */
  droneLegs?: Record<string, DroneLeg>;
  /** Drone mode: earliest launch (epoch seconds), set when a launch had to be staggered. */
  launchNotBefore?: number;
  /** Drone mode: least time at the hub before the sortie (s), set when the drone's own earlier sorties' packs were still charging. */
  launchReloadS?: number;
}

/** One drone sortie to an order, split at the drop: out = launch handling + climb, cruise, descent; back = hover, return, recovery. */
export interface DroneLeg {
  outS: number;
  backS: number;
  distanceM: number;
}

/** A profiled drone: its type, payload and the hub time between two sorties. */
export interface DispatchDroneInput {
  specId: string;
  payloadG: number;
  reloadS: number;
  /** Epoch seconds: still flying a stored sortie (turnaround included) until then, so its route starts no earlier. */
  availableFrom?: number;
  /** Battery per trip for the engine's rule (J, W, W per gram), load dimension 0 (grams). */
  energy?: VehicleEnergy;
  /** Parcels per trip (default 1: one sortie per parcel). */
  maxDrops?: number;
  /** Multi-drop legs: seconds spent at a drop and changing height, and a ground speed no headwind can undercut. */
  betweenDrops?: { fixedS: number; groundSpeedMps: number };
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
  /** Profiled drones only (others keep the straight-line model at their record's speed). */
  drone?: DispatchDroneInput;
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

const profileOf = (v: DispatchVehicleInput, s: DispatchProblemSettings) => (v.drone ? `drone:${v.drone.specId}` : `${v.kind}@${vehicleSpeed(v, s)}`);

/** Vans take van-mode orders; drones take drone-mode orders they were found eligible for (and can reach). */
export function vehicleMayTake(v: DispatchVehicleInput, o: DispatchOrderInput, hubToDropM: number): boolean {
  if ((o.mode ?? 'van') === 'van') return v.kind !== 'drone';
  if (v.kind !== 'drone') return false;
  if (o.droneVehicleIds && !o.droneVehicleIds.includes(v.id)) return false;
  // A profiled drone needs the sortie model's legs for its type; another one, out and back on its range.
  return v.drone ? o.droneLegs?.[v.drone.specId] !== undefined : 2 * hubToDropM <= v.rangeM;
}

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
    const m = { distance: distance.slice(), duration: distance.map((d) => Math.round(d / speed)) };
    // A profiled drone's hub↔drop legs are the sortie model's (detours, wind, climb, handling).
    if (v.drone) {
      const hop = v.drone.betweenDrops;
      if (hop && vehicles.some((u) => profileOf(u, settings) === profile && (u.drone?.maxDrops ?? 1) > 1)) {
        for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) if (i !== j) m.duration[i * n + j] = Math.ceil(hop.fixedS + distance[i * n + j]! / hop.groundSpeedMps);
      }
      orders.forEach((o, k) => {
        const leg = o.droneLegs?.[v.drone!.specId];
        if (!leg) return;
        const loc = k + 1;
        m.duration[loc] = leg.outS;
        m.duration[loc * n] = leg.backS;
        m.distance[loc] = m.distance[loc * n] = Math.round(leg.distanceM / 2);
      });
    }
    matrices[profile] = m;
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
          // A profiled drone carries one parcel per trip (maxDrops when set), within its payload.
          capacity: v.drone ? [Math.min(v.capacityG, v.drone.payloadG), Math.max(1, v.drone.maxDrops ?? 1)] : [v.capacityG, v.maxParcels],
          shift: { start: Math.min(shift.end, Math.max(shift.start, v.drone?.availableFrom ?? shift.start)) - origin, end: shift.end - origin },
          fixedCost: 0,
          // Without any cost the search would have nothing to minimise: fall back to 1 per km.
          costPerDistance: (noCost ? 1 : v.costPerKmMinor) / 1000,
          costPerTime: v.costPerHourMinor / 3600,
          // A van's range is per day; a drone's is per battery, handled per job below.
          maxDistance: drone ? Number.POSITIVE_INFINITY : v.rangeM,
          maxDuration: Number.POSITIVE_INFINITY,
          maxTrips: drone ? settings.droneMaxTrips : 1,
          reloadTime: v.drone ? Math.max(settings.droneReloadS, v.drone.reloadS) : drone ? settings.droneReloadS : 0,
          ...(v.drone?.energy ? { energy: v.drone.energy } : {}),
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
    if (o.mode === 'drone') {
      // The hover at the drop is inside the back leg; the drone leaves so as to arrive at the
      // window start (it cannot wait at the drop) or when its staggered launch allows.
      const legs = Object.values(o.droneLegs ?? {});
      if (legs.length) job.service = 0;
      const fastest = legs.length ? Math.min(...legs.map((l) => l.outS)) : 0;
      const aim = timeWindows.length ? o.windowStart - fastest : origin;
      job.release = Math.max(0, Math.max(aim, o.launchNotBefore ?? origin) - origin);
      if (o.launchReloadS !== undefined) job.reloadBefore = o.launchReloadS;
    }
    const allowed = vehicles.map((v, i) => (vehicleMayTake(v, o, distance[location]!) ? i : -1)).filter((i) => i >= 0);
    // Left out when every vehicle may take it: the solver keeps its fast path for uniform fleets.
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
