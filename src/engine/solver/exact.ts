// Exact evaluation of a finished solution straight from the instance data (all time windows,
// not the search's envelope): the cost breakdown and feasibility that `solve` reports.
// Route duration counts from the latest departure that keeps the same service start times.
import type { CostBreakdown, Solution } from '../model.js';
import type { Instance } from './instance.js';

export interface RouteCheck {
  distance: number;
  travel: number;
  duration: number;
  feasible: boolean;
}

/**
 * Simulates one route of `vehicle` serving `trips` in order (earliest service starts). Between
 * trips the vehicle returns to its start depot and reloads; a trip leaves the depot no earlier
 * than the latest release date of its jobs.
 */
export function checkRoute(inst: Instance, vehicle: number, trips: ReadonlyArray<ArrayLike<number>>): RouteCheck {
  const { W, dims } = inst;
  const D = inst.dist[inst.profileOf[vehicle]!]!;
  const T = inst.time[inst.profileOf[vehicle]!]!;
  let feasible = trips.length <= inst.maxReloads[vehicle]! + 1;
  const depot = inst.vStart[vehicle]!;
  let loc = depot;
  let t = inst.shiftStart[vehicle]!;
  if (!Number.isFinite(t)) t = 0;
  let firstDeparture = t;
  let distance = 0;
  let travel = 0;
  const load = new Float64Array(dims);
  for (let trip = 0; trip < trips.length; trip++) {
    const jobs = trips[trip]!;
    let release = 0;
    for (let k = 0; k < jobs.length; k++) release = Math.max(release, inst.release[jobs[k]!]!);
    if (trip > 0) {
      distance += D[loc * W + depot]!;
      travel += T[loc * W + depot]!;
      t += T[loc * W + depot]! + inst.problem.vehicles[vehicle]!.reloadTime;
      loc = depot;
      load.fill(0);
    }
    t = Math.max(t, release);
    if (trip === 0) firstDeparture = t;
    for (let k = 0; k < jobs.length; k++) {
      const j = jobs[k]!;
      if (inst.allowed && !inst.allowed[j * inst.V + vehicle]) feasible = false;
      const l = inst.jobLoc[j]!;
      distance += D[loc * W + l]!;
      const tt = T[loc * W + l]!;
      travel += tt;
      const arrive = t + tt;
      let start = arrive;
      const tws = inst.problem.jobs[j]!.timeWindows;
      if (tws.length > 0) {
        let found = false;
        for (const w of tws) {
          if (arrive <= w.end) {
            start = Math.max(arrive, w.start);
            found = true;
            break;
          }
        }
        if (!found) feasible = false;
      }
      t = start + inst.service[j]!;
      for (let d = 0; d < dims; d++) load[d]! += inst.demand[j * dims + d]!;
      loc = l;
    }
    for (let d = 0; d < dims; d++) if (load[d]! > inst.capacity[vehicle * dims + d]! + 1e-9) feasible = false;
  }
  const e = inst.vEnd[vehicle]!;
  distance += D[loc * W + e]!;
  travel += T[loc * W + e]!;
  t += T[loc * W + e]!;
  if (t > inst.shiftEnd[vehicle]!) feasible = false;
  if (distance > inst.maxDistance[vehicle]! + 1e-9) feasible = false;
  // Several trips or release dates: the earliest schedule's span (an upper bound of the minimum).
  const duration = trips.length === 1 && !inst.hasRelease ? routeDuration(inst, vehicle, trips[0]!, t) : t - firstDeparture;
  if (duration > inst.maxDuration[vehicle]! + 1e-6) feasible = false;
  return { distance, travel, duration, feasible };
}

/**
 * Minimal duration for a fixed sequence: the latest departure that still reaches every job
 * by the same window it used (backward pass of latest start times), ending at `end`.
 */
function routeDuration(inst: Instance, vehicle: number, jobs: ArrayLike<number>, end: number): number {
  if (jobs.length === 0) return 0;
  const { W } = inst;
  const T = inst.time[inst.profileOf[vehicle]!]!;
  // Forward earliest starts were used to compute `end`; walk backwards with latest feasible starts.
  let latestNext = Infinity; // latest start at the next stop
  let nextLoc = inst.vEnd[vehicle]!;
  let latestEndArrival = end; // keep the same arrival at the end depot
  for (let k = jobs.length - 1; k >= 0; k--) {
    const j = jobs[k]!;
    const l = inst.jobLoc[j]!;
    const bound =
      k === jobs.length - 1
        ? latestEndArrival - T[l * W + nextLoc]! - inst.service[j]!
        : latestNext - T[l * W + nextLoc]! - inst.service[j]!;
    let latest = bound;
    const tws = inst.problem.jobs[j]!.timeWindows;
    if (tws.length > 0) {
      // Largest window end not after `bound` clipped to that window.
      let best = -Infinity;
      for (const w of tws) if (w.start <= bound) best = Math.max(best, Math.min(w.end, bound));
      latest = best === -Infinity ? bound : best;
    }
    latestNext = latest;
    nextLoc = l;
  }
  const s = inst.vStart[vehicle]!;
  const departure = Math.min(latestNext - T[s * W + inst.jobLoc[jobs[0]!]!]!, Infinity);
  const start = Number.isFinite(inst.shiftStart[vehicle]!) ? Math.max(departure, inst.shiftStart[vehicle]!) : departure;
  return Math.max(0, end - start);
}

export interface ExactResult {
  cost: CostBreakdown;
  feasible: boolean;
}

export function evaluateSolution(inst: Instance, sol: Solution): ExactResult {
  const cost: CostBreakdown = { fixed: 0, distance: 0, time: 0, penalty: 0, total: 0 };
  let feasible = true;
  const seen = new Uint8Array(inst.n);
  for (const r of sol.routes) {
    const trips = r.trips.filter((trip) => trip.length > 0);
    if (trips.length === 0) continue;
    for (const trip of trips) for (const j of trip) seen[j] = 1;
    const c = checkRoute(inst, r.vehicle, trips);
    if (!c.feasible) feasible = false;
    cost.fixed += inst.fixedCost[r.vehicle]!;
    cost.distance += inst.costPerDistance[r.vehicle]! * c.distance;
    cost.time += inst.costPerTime[r.vehicle]! * c.travel;
  }
  for (let j = 0; j < inst.n; j++) {
    if (seen[j]) continue;
    if (inst.optional[j]) cost.penalty += inst.penalty[j]!;
    else feasible = false;
  }
  cost.total = cost.fixed + cost.distance + cost.time + cost.penalty;
  return { cost, feasible };
}

/**
 * Index of the window each job of the route uses in the earliest-start schedule (the last
 * window when the job is late for all of them), written into out[job].
 */
export function usedWindows(inst: Instance, vehicle: number, jobs: ArrayLike<number>, out: Int32Array): void {
  const { W } = inst;
  const T = inst.time[inst.profileOf[vehicle]!]!;
  let loc = inst.vStart[vehicle]!;
  let t = Number.isFinite(inst.shiftStart[vehicle]!) ? inst.shiftStart[vehicle]! : 0;
  for (let k = 0; k < jobs.length; k++) {
    const j = jobs[k]!;
    const l = inst.jobLoc[j]!;
    const arrive = t + T[loc * W + l]!;
    const tws = j < inst.jobCount ? inst.problem.jobs[j]!.timeWindows : [];
    let start = arrive;
    let used = tws.length - 1;
    for (let w = 0; w < tws.length; w++) {
      if (arrive <= tws[w]!.end) {
        used = w;
        start = Math.max(arrive, tws[w]!.start);
        break;
      }
    }
    out[j] = Math.max(0, used);
    t = start + inst.service[j]!;
    loc = l;
  }
}
