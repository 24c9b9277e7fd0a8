// Warm start (SolveOptions.initialSolution): a solution given by the caller (e.g. the previous
// dispatch plan) becomes the search's first individual. Its shape is checked like the problem
// (bad indices fail with InvalidProblemError); what no longer fits the problem is not an error
// but a hint to drop: a job on a vehicle it may not use, a job that cannot be served, trips
// beyond the vehicle's maxTrips or the reload visits available. Those jobs, and the jobs the
// solution does not route at all, are then inserted at their cheapest positions by the search.
import type { Problem, Solution } from '../model.js';
import type { Instance } from './instance.js';
import type { RoutesSnapshot } from './local-search.js';
import { InvalidProblemError } from './validate.js';

/** Throws InvalidProblemError when the solution's shape does not match the problem. */
export function validateInitialSolution(problem: Problem, s: Solution): void {
  const fail = (code: string, msg: string): never => {
    throw new InvalidProblemError(code, `initialSolution: ${msg}`);
  };
  if (!s || typeof s !== 'object' || !Array.isArray(s.routes) || !Array.isArray(s.unassigned)) {
    fail('invalid_initial_solution', 'must be { routes: [{ vehicle, trips: number[][] }], unassigned: number[] }');
  }
  const J = problem.jobs.length;
  const V = problem.vehicles.length;
  const seen = new Uint8Array(J);
  const usedVehicle = new Uint8Array(V);
  const job = (where: string, j: unknown): void => {
    if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= J) fail('initial_solution_job', `${where}: job index ${String(j)} is outside 0..${J - 1}`);
    const k = j as number;
    if (seen[k]) fail('initial_solution_duplicate_job', `${where}: job #${k} (${problem.jobs[k]!.id}) appears more than once`);
    seen[k] = 1;
  };
  s.routes.forEach((route, r) => {
    const where = `route ${r}`;
    if (!route || typeof route !== 'object' || !Array.isArray(route.trips)) fail('invalid_initial_solution', `${where}: must be { vehicle, trips: number[][] }`);
    const v = route.vehicle;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= V) fail('initial_solution_vehicle', `${where}: vehicle index ${String(v)} is outside 0..${V - 1}`);
    if (usedVehicle[v]) fail('initial_solution_duplicate_vehicle', `${where}: vehicle #${v} (${problem.vehicles[v]!.id}) has more than one route`);
    usedVehicle[v] = 1;
    route.trips.forEach((trip, t) => {
      if (!Array.isArray(trip)) fail('invalid_initial_solution', `${where} trip ${t}: must be an array of job indices`);
      for (const j of trip) job(`${where} trip ${t}`, j);
    });
  });
  for (const j of s.unassigned) job('unassigned', j);
}

/**
 * The solution as route-slot sequences of the search (trips joined by reload visits). Jobs it
 * cannot keep are left out (unrouted), to be inserted by the search. Assumes a validated solution.
 */
export function warmStartSnapshot(inst: Instance, routeVeh: Int32Array, s: Solution): RoutesSnapshot {
  const R = routeVeh.length;
  const routes: number[][] = Array.from({ length: R }, () => []);
  const slotOf = new Int32Array(inst.V).fill(-1);
  for (let r = 0; r < R; r++) slotOf[routeVeh[r]!] = r;
  const slotTaken = new Uint8Array(R);
  const reloadUsed = new Uint8Array(inst.n);
  const allowedOn = (x: number, v: number): boolean => inst.allowed === null || inst.allowed[x * inst.V + v] === 1;
  const takeReload = (v: number): number => {
    for (let x = inst.jobCount; x < inst.n; x++) {
      if (reloadUsed[x] || !allowedOn(x, v)) continue;
      reloadUsed[x] = 1;
      return x;
    }
    return -1;
  };
  // Slots bound to a named vehicle first, then (identical vehicles) the others into free slots.
  const pending: Array<{ v: number; trips: number[][] }> = [];
  for (const route of s.routes) {
    const slot = slotOf[route.vehicle]!;
    if (slot >= 0) {
      slotTaken[slot] = 1;
      fill(slot, route.vehicle, route.trips);
    } else pending.push({ v: route.vehicle, trips: route.trips });
  }
  for (const p of pending) {
    if (!inst.homogeneous) continue;
    const slot = slotTaken.indexOf(0);
    if (slot < 0) break; // more routes than the search's slots: their jobs are re-inserted
    slotTaken[slot] = 1;
    fill(slot, routeVeh[slot]!, p.trips);
  }
  return { routes, unassigned: [] };

  function fill(slot: number, v: number, trips: number[][]): void {
    const seq = routes[slot]!;
    let tripsKept = 0;
    for (const trip of trips) {
      const jobs = trip.filter((j) => inst.servable[j] && allowedOn(j, v));
      if (jobs.length === 0) continue;
      if (tripsKept > 0) {
        const x = tripsKept < inst.problem.vehicles[v]!.maxTrips ? takeReload(v) : -1;
        if (x < 0) return; // no trip left for this vehicle: the rest is re-inserted
        seq.push(x);
      }
      seq.push(...jobs);
      tripsKept++;
    }
  }
}
