// Route-based decomposition for large instances (Santini, Schneider, Vidal & Vigo 2023): the
// incumbent's routes are ordered by the polar angle of their barycentres around the depot (from a
// random start angle), cut into groups of about `groupJobs` jobs, and each group is solved as its
// own small problem by a short HGS seeded with the group's current routes. A sub-search only keeps
// an improvement, so the recomposed solution never costs more than the incumbent.
// Applies to fleets of identical single-trip vehicles sharing one depot, with coordinates (CVRP,
// VRPTW with identical vehicles); decomposable() says whether an instance qualifies.
import type { Problem, Vehicle } from '../model.js';
import { Hgs } from './hgs.js';
import { compileInstance } from './instance.js';
import type { RoutesSnapshot } from './local-search.js';
import type { Rng } from './rng.js';

export interface DecompositionParams {
  /** Smallest instance (jobs) decomposed at all. */
  minJobs: number;
  /** Target jobs per sub-problem. */
  groupJobs: number;
  /** Generations of the main search between two decomposition rounds (the first follows generation 1). */
  period: number;
  /** Initial individuals of each sub-search besides the incumbent's routes. */
  subInitial: number;
  /** Generations of each sub-search. */
  subIterations: number;
}

export const DEFAULT_DECOMPOSITION: DecompositionParams = {
  minJobs: 500,
  groupJobs: 120,
  period: 10,
  subInitial: 4,
  subIterations: 150,
};

/** True when the problem's structure lets routes be re-optimised group by group. */
export function decomposable(hgs: Hgs, params: DecompositionParams): boolean {
  const inst = hgs.inst;
  const p = inst.problem;
  const v0 = p.vehicles[0];
  return (
    inst.homogeneous &&
    !!p.coordinates &&
    v0 !== undefined &&
    v0.start !== null &&
    v0.start === v0.end &&
    p.vehicles.every((v) => (v.maxTrips ?? 1) <= 1) &&
    hgs.servableCount >= params.minJobs
  );
}

/**
 * One decomposition round on `snap` (a feasible solution of hgs's instance). Returns the
 * recomposed routes (length ≤ hgs.routeVeh.length) when some group improved, else null.
 * `stop` is polled between sub-search generations (the caller's time budget).
 */
export function decompositionRound(
  hgs: Hgs,
  snap: RoutesSnapshot,
  rng: Rng,
  params: DecompositionParams,
  stop: () => boolean,
): RoutesSnapshot | null {
  const inst = hgs.inst;
  const problem = inst.problem;
  const coords = problem.coordinates!;
  const depotLoc = problem.vehicles[0]!.start!;
  const [x0, y0] = coords[depotLoc]!;
  const routes = snap.routes.filter((r) => r.length > 0);
  const angle = routes.map((r) => {
    let sx = 0;
    let sy = 0;
    for (const j of r) {
      const c = coords[inst.jobLoc[j]!]!;
      sx += c[0];
      sy += c[1];
    }
    return Math.atan2(sy / r.length - y0, sx / r.length - x0);
  });
  const start = (rng.float() * 2 - 1) * Math.PI;
  const order = routes.map((_, i) => i);
  const key = angle.map((a) => (a - start + 4 * Math.PI) % (2 * Math.PI));
  order.sort((a, b) => key[a]! - key[b]! || a - b);

  // Consecutive routes until a group holds about groupJobs jobs; a small remainder joins the last group.
  const groups: number[][] = [];
  let current: number[] = [];
  let size = 0;
  for (const r of order) {
    current.push(r);
    size += routes[r]!.length;
    if (size >= params.groupJobs) {
      groups.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) {
    if (groups.length > 0 && size < params.groupJobs / 2) groups[groups.length - 1]!.push(...current);
    else groups.push(current);
  }
  if (groups.length < 2) return null;

  const slots = hgs.routeVeh.length;
  let spare = Math.max(0, Math.min(slots, problem.vehicles.length) - routes.length);
  const out: number[][] = [];
  let improved = false;
  for (const group of groups) {
    const groupRoutes = group.map((r) => routes[r]!);
    if (stop()) {
      out.push(...groupRoutes);
      continue;
    }
    const extra = Math.min(1, spare);
    const better = solveGroup(hgs, groupRoutes, groupRoutes.length + extra, rng.nextU32(), params, stop);
    if (better) {
      improved = true;
      spare -= better.length - groupRoutes.length;
      out.push(...better);
    } else out.push(...groupRoutes);
  }
  if (!improved) return null;
  return { routes: out, unassigned: snap.unassigned.slice() };
}

/** Short HGS on the jobs of `groupRoutes`; their routes improved, or null. */
function solveGroup(
  hgs: Hgs,
  groupRoutes: number[][],
  vehicles: number,
  seed: number,
  params: DecompositionParams,
  stop: () => boolean,
): number[][] | null {
  const jobs = groupRoutes.flat();
  const sub = subProblem(hgs.inst.problem, jobs, vehicles);
  const subHgs = new Hgs(compileInstance(sub), seed);
  // Its educations stop with the run's budget too (a sub-search result is only kept if better).
  subHgs.ls.expired = stop;
  if (subHgs.routeVeh.length < groupRoutes.length) return null;
  if (subHgs.rules.count === hgs.rules.count) subHgs.rules.coef.set(hgs.rules.coef);
  const local = new Map(jobs.map((j, i) => [j, i]));
  subHgs.inject({ routes: groupRoutes.map((r) => r.map((j) => local.get(j)!)), unassigned: [] });
  const before = subHgs.best!;
  if (!before.feasible) return null;
  const startCost = before.cost;
  for (let k = 0; k < params.subInitial && !stop(); k++) subHgs.initialIndividual();
  for (let k = 0; k < params.subIterations && !stop(); k++) subHgs.step();
  const best = subHgs.best!;
  if (!best.feasible || best.cost >= startCost - 1e-7) return null;
  return best.snapshot.routes.filter((r) => r.length > 0).map((r) => r.map((i) => jobs[i]!));
}

/**
 * The sub-problem on `jobs` (indices into `problem.jobs`): the depot and the jobs' locations
 * with their block of each matrix, and `vehicles` copies of the (identical) vehicle.
 */
export function subProblem(problem: Problem, jobs: number[], vehicles: number): Problem {
  const v0 = problem.vehicles[0]!;
  const locs: number[] = [];
  const index = new Map<number, number>();
  const localOf = (loc: number): number => {
    let k = index.get(loc);
    if (k === undefined) {
      k = locs.length;
      index.set(loc, k);
      locs.push(loc);
    }
    return k;
  };
  localOf(v0.start!);
  if (v0.end !== null) localOf(v0.end);
  for (const j of jobs) localOf(problem.jobs[j]!.location);
  const L = problem.locationCount;
  const m = locs.length;
  const matrices: Problem['matrices'] = {};
  const block = (M: Float64Array): Float64Array => {
    const out = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const row = locs[a]! * L;
      for (let b = 0; b < m; b++) out[a * m + b] = M[row + locs[b]!]!;
    }
    return out;
  };
  const src = problem.matrices[v0.profile]!;
  const distance = block(src.distance);
  matrices[v0.profile] = { distance, duration: src.duration === src.distance ? distance : block(src.duration) };
  const vehicle: Vehicle = { ...v0, start: localOf(v0.start!), end: v0.end === null ? null : localOf(v0.end) };
  return {
    name: `${problem.name}/part`,
    dimensions: problem.dimensions,
    locationCount: m,
    coordinates: problem.coordinates ? locs.map((l) => problem.coordinates![l]!) : undefined,
    metric: problem.metric,
    matrices,
    depots: [vehicle.start!],
    jobs: jobs.map((j) => {
      const job = problem.jobs[j]!;
      return { ...job, location: localOf(job.location) };
    }),
    vehicles: Array.from({ length: vehicles }, (_, k) => ({ ...vehicle, id: `${v0.id}#${k}` })),
  };
}
