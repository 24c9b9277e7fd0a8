// Safety net between the solver and the plan: when the independent checker rejects the solver's
// answer, rebuild each route greedily from the solver's visiting order, keeping a job only if the
// route stays feasible (on a multi-trip vehicle, trying a new trip before giving up) and leaving
// the rest unassigned for a later round. Only the checker judges feasibility here.
import { check } from '../engine/check.js';
import type { Problem, Route, Solution } from '../engine/model.js';

function routeFeasible(problem: Problem, route: Route): boolean {
  const served = new Set(route.trips.flat());
  const unassigned = problem.jobs.map((_, j) => j).filter((j) => !served.has(j));
  return check(problem, { routes: [route], unassigned }).feasible;
}

export function repairSolution(problem: Problem, solution: Solution): { solution: Solution; dropped: number[] } {
  const dropped: number[] = [];
  const routes: Route[] = [];
  for (const route of solution.routes) {
    const vehicle = problem.vehicles[route.vehicle];
    if (!vehicle) {
      dropped.push(...route.trips.flat());
      continue;
    }
    const built: Route = { vehicle: route.vehicle, trips: [] };
    for (const j of route.trips.flat()) {
      const last = built.trips.at(-1);
      const candidates: Route[] = [];
      if (last) candidates.push({ vehicle: built.vehicle, trips: [...built.trips.slice(0, -1), [...last, j]] });
      if (!last || built.trips.length < vehicle.maxTrips) candidates.push({ vehicle: built.vehicle, trips: [...built.trips, [j]] });
      const ok = candidates.find((c) => routeFeasible(problem, c));
      if (ok) built.trips = ok.trips;
      else dropped.push(j);
    }
    if (built.trips.length) routes.push(built);
  }
  return { solution: { routes, unassigned: [...solution.unassigned, ...dropped].sort((a, b) => a - b) }, dropped };
}
