// Initial construction: jobs in polar-angle order (or index order without coordinates) are
// appended to the current vehicle while its route stays feasible; then the next vehicle opens.
// Jobs that fit nowhere are left unassigned. Simple and always valid; the search improves it.
import type { Solution } from '../model.js';
import type { Instance } from './instance.js';
import { checkRoute } from './exact.js';

export function constructGreedy(inst: Instance): Solution {
  const order = sweepOrder(inst);
  const routes: number[][] = Array.from({ length: inst.V }, () => []);
  const unassigned: number[] = [];
  let current = 0;
  const fits = (k: number, j: number): boolean => {
    if (inst.allowed && !inst.allowed[j * inst.V + k]) return false;
    routes[k]!.push(j);
    const ok = checkRoute(inst, k, routes[k]!).feasible;
    routes[k]!.pop();
    return ok;
  };
  for (const j of order) {
    if (!inst.servable[j]) {
      unassigned.push(j);
      continue;
    }
    let placed = -1;
    if (current < inst.V && fits(current, j)) placed = current;
    // Open later vehicles in turn, then fall back to any route that still accepts the job.
    for (let k = current + 1; placed < 0 && k < inst.V; k++) {
      if (routes[k]!.length === 0 && fits(k, j)) {
        placed = k;
        if (routes[current]!.length > 0) current = k;
      }
    }
    for (let k = 0; placed < 0 && k < inst.V; k++) if (fits(k, j)) placed = k;
    if (placed < 0) unassigned.push(j);
    else routes[placed]!.push(j);
  }
  return {
    routes: routes.map((jobs, vehicle) => ({ vehicle, trips: [jobs] })).filter((r) => r.trips[0]!.length > 0),
    unassigned: unassigned.sort((a, b) => a - b),
  };
}

function sweepOrder(inst: Instance): number[] {
  const jobs = Array.from({ length: inst.n }, (_, i) => i);
  const coords = inst.problem.coordinates;
  if (!coords || inst.V === 0) return jobs;
  const depot = inst.vStart[0]! < coords.length ? coords[inst.vStart[0]!]! : [0, 0];
  const angle = (j: number): number => {
    const c = coords[inst.jobLoc[j]!];
    return c ? Math.atan2(c[1] - depot[1], c[0] - depot[0]) : 0;
  };
  return jobs.sort((a, b) => angle(a) - angle(b) || a - b);
}
