// Multi-trip routes in the search. Design decision: a reload is an explicit node in the route
// (as PyVRP ≥ 0.11 does with reload depots), not a property of the route. The compiled instance
// gets a pool of "reload visits": extra optional jobs with no penalty, located at the depot of a
// group of vehicles that share start depot, capacity and reload time, serviced for the reload
// time. Every move of the local search then applies to them unchanged (relocating a reload moves
// a trip boundary, 2-opt* exchanges trips); inserting an unrouted one is "try the best reload
// position" and removing a useless one (no gain) is done by the optional-job moves. Split sees
// them in the giant tour and so creates trips and packs them into vehicles. Rules that care
// about trips (capacity, time with release dates, trip count) read `Instance.isReload` and keep
// trip-aware segment data that still concatenates in O(1).
import type { Problem, Route } from '../model.js';

export interface ReloadGroup {
  /** Vehicles that may use this group's reload visits. */
  vehicles: number[];
  depot: number;
  capacity: number[];
  reloadTime: number;
}

/** The reload visits of a problem: one entry per visit (visits of a group are interchangeable). */
export function planReloads(problem: Problem): ReloadGroup[] {
  const groups = new Map<string, ReloadGroup & { reloads: number }>();
  problem.vehicles.forEach((v, k) => {
    if (v.maxTrips <= 1 || v.start === null) return;
    // A reload visit closes a trip against its group's battery: same budget and draw model.
    const key = `${v.start}|${v.reloadTime}|${v.capacity.join(',')}|${v.energy ? `${v.energy.budget}|${v.energy.base}|${v.energy.perLoad}` : ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { vehicles: [], depot: v.start, capacity: v.capacity, reloadTime: v.reloadTime, reloads: 0 };
      groups.set(key, g);
    }
    g.vehicles.push(k);
    g.reloads += Math.min(v.maxTrips - 1, problem.jobs.length);
  });
  const out: ReloadGroup[] = [];
  for (const g of groups.values()) {
    // Enough visits for the trips the demand needs (×1.5 for time windows) beyond one per vehicle,
    // plus slack; never more than the vehicles may make. Unused visits stay unrouted at no cost.
    // Only the jobs these vehicles may serve count (e.g. drone-eligible orders in a mixed fleet).
    const members = new Set(g.vehicles);
    const eligible = problem.jobs.filter((j) => j.allowedVehicles === undefined || j.allowedVehicles.some((k) => members.has(k)));
    let trips = 0;
    for (let d = 0; d < problem.dimensions; d++) {
      const cap = g.capacity[d] ?? 0;
      if (cap <= 0) continue;
      let demand = 0;
      for (const j of eligible) demand += j.demand[d] ?? 0;
      trips = Math.max(trips, demand / cap);
    }
    // A trip serves at least one job: never more reloads than eligible jobs.
    const wanted = Math.max(4, Math.ceil(1.5 * trips) + 2 - g.vehicles.length);
    const count = Math.min(g.reloads, eligible.length, wanted);
    const { reloads: _r, ...group } = g;
    for (let i = 0; i < count; i++) out.push(group);
  }
  return out;
}

/** Cuts a route slot's node sequence at its reload visits into trips of problem jobs. */
export function tripsOf(sequence: readonly number[], jobCount: number): Route['trips'] {
  const trips: number[][] = [];
  let cur: number[] = [];
  for (const x of sequence) {
    if (x < jobCount) cur.push(x);
    else if (cur.length > 0) {
      trips.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) trips.push(cur);
  return trips;
}

/** Removes, in place, the reload visits that open an empty trip (at either end, or after another reload). */
export function dropEmptyTrips(route: number[], isReload: Uint8Array): void {
  let w = 0;
  for (let k = 0; k < route.length; k++) {
    const x = route[k]!;
    if (isReload[x] && (w === 0 || isReload[route[w - 1]!])) continue;
    route[w++] = x;
  }
  while (w > 0 && isReload[route[w - 1]!]) w--;
  route.length = w;
}
