import type { RuleSet } from '../../../src/engine/rules/index.js';
import type { Instance } from '../../../src/engine/solver/instance.js';
// Small hand-built problems and a brute-force optimum (via the independent checker) for the solver tests.
import { check } from '../../../src/engine/check.js';
import type { Job, Problem, Solution, Vehicle } from '../../../src/engine/model.js';
import { Rng } from '../../../src/engine/solver/rng.js';

export function euclidProblem(
  points: Array<[number, number]>,
  jobs: Array<Partial<Job> & { location: number }>,
  vehicles: Array<Partial<Vehicle>>,
): Problem {
  const L = points.length;
  const D = new Float64Array(L * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) D[i * L + j] = Math.round(Math.hypot(points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]));
  return {
    name: 'tiny',
    dimensions: 1,
    locationCount: L,
    coordinates: points,
    matrices: { car: { distance: D, duration: D } },
    depots: [0],
    jobs: jobs.map((j, i) => ({
      id: `j${i}`, demand: [1], service: 0, timeWindows: [], release: 0, optional: false, penalty: 0, ...j,
    })),
    vehicles: vehicles.map((v, k) => ({
      id: `v${k}`, profile: 'car', start: 0, end: 0, capacity: [10], shift: { start: 0, end: Infinity }, fixedCost: 0,
      costPerDistance: 1, costPerTime: 0, maxDistance: Infinity, maxDuration: Infinity, maxTrips: 1, reloadTime: 0, ...v,
    })),
  };
}

export function randomPoints(seed: number, count: number, size = 100): Array<[number, number]> {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => [rng.int(size), rng.int(size)] as [number, number]);
}

/**
 * Exhaustive optimum: every subset of optional jobs, every order, every cut into consecutive
 * blocks, every assignment of blocks to distinct vehicles; feasibility and cost from check().
 */
export function bruteForce(problem: Problem): { cost: number; solution: Solution | null } {
  const n = problem.jobs.length;
  const V = problem.vehicles.length;
  let best = Infinity;
  let bestSol: Solution | null = null;
  const optional = problem.jobs.map((j, i) => (j.optional ? i : -1)).filter((i) => i >= 0);
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const dropped = new Set(optional.filter((_, k) => mask & (1 << k)));
    const served = [...Array(n).keys()].filter((j) => !dropped.has(j));
    permute(served, (perm) => {
      // cuts: bit i set = a route ends after perm[i]
      const m = perm.length;
      const cutMax = m === 0 ? 1 : 1 << (m - 1);
      for (let cuts = 0; cuts < cutMax; cuts++) {
        const blocks: number[][] = [];
        let cur: number[] = [];
        for (let i = 0; i < m; i++) {
          cur.push(perm[i]!);
          if (i === m - 1 || cuts & (1 << i)) {
            blocks.push(cur);
            cur = [];
          }
        }
        if (blocks.length > V) continue;
        assign(blocks.length, V, (vs) => {
          const solution: Solution = {
            routes: blocks.map((b, k) => ({ vehicle: vs[k]!, trips: [b] })),
            unassigned: [...dropped].sort((a, b) => a - b),
          };
          const r = check(problem, solution);
          if (r.feasible && r.cost.total < best - 1e-9) {
            best = r.cost.total;
            bestSol = solution;
          }
        });
      }
    });
  }
  return { cost: best, solution: bestSol };
}

function permute(items: number[], visit: (p: number[]) => void): void {
  const a = items.slice();
  const rec = (k: number): void => {
    if (k === a.length) return visit(a);
    for (let i = k; i < a.length; i++) {
      [a[k], a[i]] = [a[i]!, a[k]!];
      rec(k + 1);
      [a[k], a[i]] = [a[i]!, a[k]!];
    }
  };
  rec(0);
}

function assign(blocks: number, V: number, visit: (vs: number[]) => void): void {
  const vs: number[] = [];
  const used = new Uint8Array(V);
  const rec = (k: number): void => {
    if (k === blocks) return visit(vs);
    for (let v = 0; v < V; v++) {
      if (used[v]) continue;
      used[v] = 1;
      vs.push(v);
      rec(k + 1);
      vs.pop();
      used[v] = 0;
    }
  };
  rec(0);
}

/** Loads a node sequence (jobs and reload visits) into the rules' fw/bw columns of route slot 0 (depots n, n+1). */
export function storeRoute(rules: RuleSet, inst: Instance, jobs: number[]) {
  const n = inst.n;
  const nodes = [n, ...jobs, n + 1];
  const locOf = (x: number) => (x < n ? inst.jobLoc[x]! : x === n ? inst.vStart[0]! : inst.vEnd[0]!);
  const W = inst.W;
  const leg = (a: number, b: number) => [inst.dist[0]![locOf(a) * W + locOf(b)]!, inst.time[0]![locOf(a) * W + locOf(b)]!] as const;
  rules.forwardStart(n);
  for (let k = 1; k < nodes.length; k++) rules.forward(nodes[k - 1]!, nodes[k]!, ...leg(nodes[k - 1]!, nodes[k]!));
  rules.backwardStart(n + 1);
  for (let k = nodes.length - 2; k >= 0; k--) rules.backward(nodes[k]!, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
  return { nodes, leg };
}
