// Safety net between the solver and the plan: when the independent checker rejects the solver's
// answer, rebuild each route greedily from the solver's visiting order, keeping a job only if the
// route stays feasible (on a multi-trip vehicle, trying a new trip before giving up); then give
// each dropped or unassigned job a second chance at the cheapest feasible end of any vehicle's
// route; what still fits nowhere stays unassigned (for a later round). Only the checker judges
// feasibility here. It runs beside the API, so it yields to the event loop every few dozen checks.
import { check } from '../engine/check.js';
import type { Problem, Route, Solution } from '../engine/model.js';

/** Checks one route alone: a sub-problem holding only that route's jobs keeps each check O(route). */
function checkRoute(problem: Problem, route: Route) {
  const jobs = route.trips.flat();
  const local = new Map(jobs.map((j, k) => [j, k]));
  const sub: Problem = { ...problem, jobs: jobs.map((j) => problem.jobs[j]!) };
  return check(sub, { routes: [{ vehicle: route.vehicle, trips: route.trips.map((t) => t.map((j) => local.get(j)!)) }], unassigned: [] });
}

function routeFeasible(problem: Problem, route: Route): boolean {
  return checkRoute(problem, route).feasible;
}

/** Route checks the second-chance phase may spend (each O(route length)); past it, the rest stays unassigned. */
export const INSERTION_CHECK_BUDGET = 5_000;

/** Lets other work run between chunks of checks (a large repair would otherwise hold the event loop). */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const CHECKS_PER_SLICE = 64;

export async function repairSolution(
  problem: Problem,
  solution: Solution,
  insertionBudget = INSERTION_CHECK_BUDGET,
  pause: () => Promise<void> = yieldToLoop,
): Promise<{ solution: Solution; dropped: number[]; inserted: number }> {
  let checks = 0;
  const feasible = async (route: Route): Promise<boolean> => {
    if (++checks % CHECKS_PER_SLICE === 0) await pause();
    return routeFeasible(problem, route);
  };
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
      let ok: Route | undefined;
      for (const c of candidates) {
        if (await feasible(c)) {
          ok = c;
          break;
        }
      }
      if (ok) built.trips = ok.trips;
      else dropped.push(j);
    }
    if (built.trips.length) routes.push(built);
  }
  // Second chance for what was dropped and for what the solver left unassigned: the cheapest
  // feasible place at the end of any vehicle's route (its last trip, or a new trip), unused vehicles included.
  const stillDropped: number[] = [];
  let inserted = 0;
  let budget = insertionBudget;
  for (const j of [...dropped, ...solution.unassigned]) {
    let best: { route: Route; delta: number } | null = null;
    if (budget <= 0) {
      stillDropped.push(j);
      continue;
    }
    for (let v = 0; v < problem.vehicles.length; v++) {
      const vehicle = problem.vehicles[v]!;
      const current = routes.find((r) => r.vehicle === v) ?? { vehicle: v, trips: [] };
      const base = current.trips.length ? routeCost(problem, current) : 0;
      const last = current.trips.at(-1);
      const options: Route[] = [];
      if (last) options.push({ vehicle: v, trips: [...current.trips.slice(0, -1), [...last, j]] });
      if (current.trips.length < vehicle.maxTrips) options.push({ vehicle: v, trips: [...current.trips, [j]] });
      for (const c of options) {
        budget--;
        if (!(await feasible(c))) continue;
        const delta = routeCost(problem, c) - base;
        if (!best || delta < best.delta) best = { route: c, delta };
      }
    }
    if (!best) {
      stillDropped.push(j);
      continue;
    }
    const k = routes.findIndex((r) => r.vehicle === best!.route.vehicle);
    if (k >= 0) routes[k] = best.route;
    else routes.push(best.route);
    inserted++;
  }
  const droppedFromRoutes = stillDropped.filter((j) => dropped.includes(j));
  return { solution: { routes, unassigned: stillDropped.sort((a, b) => a - b) }, dropped: droppedFromRoutes, inserted };
}

/** Repairs when the checker rejects the solution or jobs are left unassigned; otherwise returns it unchanged. */
export async function polishSolution(problem: Problem, solution: Solution): Promise<{ solution: Solution; dropped: number; inserted: number }> {
  if (solution.unassigned.length === 0 && check(problem, solution).feasible) return { solution, dropped: 0, inserted: 0 };
  const r = await repairSolution(problem, solution);
  return { solution: r.solution, dropped: r.dropped.length, inserted: r.inserted };
}

function routeCost(problem: Problem, route: Route): number {
  return checkRoute(problem, route).routes[0]?.cost ?? 0;
}
