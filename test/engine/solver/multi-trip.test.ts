// Multi-trip routes (reload visits) and release dates in the search: the trip-aware rules agree
// with the independent checker, the local search inserts/removes reloads, and solve() reaches the
// brute-force optimum (checker as the oracle) on tiny single-vehicle instances.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { readVrplib } from '../../../src/engine/io/vrplib.js';
import type { Problem, Solution } from '../../../src/engine/model.js';
import { solve } from '../../../src/engine/solve.js';
import { RuleSet } from '../../../src/engine/rules/index.js';
import { TripTimeRule } from '../../../src/engine/rules/trip-time.js';
import { Hgs } from '../../../src/engine/solver/hgs.js';
import { compileInstance, type Instance } from '../../../src/engine/solver/instance.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { euclidProblem, randomPoints, storeRoute } from './fixtures.js';

/** Random one-vehicle problem: windows, service, releases, a shift; reloads allowed. */
function randomProblem(seed: number, jobs = 7): Problem {
  const rng = new Rng(seed);
  const pts = randomPoints(seed, jobs + 1, 100);
  return euclidProblem(
    pts,
    pts.slice(1).map((_, i) => {
      const start = rng.int(500);
      return {
        location: i + 1, demand: [1 + rng.int(3)], service: rng.int(15),
        timeWindows: [{ start, end: start + 100 + rng.int(400) }], release: rng.int(3) === 0 ? rng.int(300) : 0,
      };
    }),
    [{ capacity: [8], shift: { start: 0, end: 1200 }, maxTrips: 4, reloadTime: 5 + rng.int(10) }],
  );
}

/** Node sequence (jobs and reload visits) → the model's trips for vehicle 0. */
function asSolution(inst: Instance, seq: number[]): Solution {
  const trips: number[][] = [[]];
  for (const x of seq) {
    if (inst.isReload[x]) trips.push([]);
    else trips.at(-1)!.push(x);
  }
  const served = new Set(seq);
  return {
    routes: [{ vehicle: 0, trips }],
    unassigned: [...Array(inst.jobCount).keys()].filter((j) => !served.has(j)),
  };
}


/**
 * A random sequence of the jobs with up to `reloads` reload visits between jobs. (Empty trips —
 * two reloads in a row, or a reload at either end — cost the search one more reload time, which
 * the checker, dropping empty trips, does not count; the search removes such visits itself.)
 */
function randomSequence(inst: Instance, rng: Rng, reloads: number): number[] {
  const seq = [...Array(inst.jobCount).keys()];
  rng.shuffle(seq);
  // Half of them in window order, so that many are feasible.
  if (rng.int(2) === 0) seq.sort((a, b) => inst.twStart[a]! - inst.twStart[b]!);
  const pool = [...Array(inst.n - inst.jobCount).keys()].map((k) => inst.jobCount + k);
  const cuts = new Set<number>();
  for (let r = 0; r < reloads; r++) cuts.add(1 + rng.int(seq.length - 1));
  const out: number[] = [];
  let used = 0;
  seq.forEach((j, k) => {
    if (cuts.has(k) && used < pool.length) out.push(pool[used++]!);
    out.push(j);
  });
  return out;
}

describe('trip-aware rules agree with the independent checker', () => {
  it('capacity per trip, windows, release dates and reload times on random routes', () => {
    let feasible = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomProblem(seed);
      const inst = compileInstance(problem);
      expect(inst.hasReloads).toBe(true);
      const rules = new RuleSet(inst, inst.n + 2);
      expect(rules.rules.map((r) => r.name)).toEqual(['capacity', 'time']);
      for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
      rules.setDepots(inst.n, inst.n + 1, 0);
      const rng = new Rng(seed * 7);
      for (let trial = 0; trial < 20; trial++) {
        const seq = randomSequence(inst, rng, rng.int(4));
        storeRoute(rules, inst, seq);
        const end = inst.n + 1;
        const excess = new Float64Array(rules.count);
        rules.addRouteExcess(end, 0, excess);
        const checked = check(problem, asSolution(inst, seq));
        // Capacity excess = Σ over trips of the load above capacity, computed by hand.
        let capExcess = 0;
        for (const trip of asSolution(inst, seq).routes[0]!.trips) {
          const load = trip.reduce((s, j) => s + problem.jobs[j]!.demand[0]!, 0);
          capExcess += Math.max(0, load - problem.vehicles[0]!.capacity[0]!);
        }
        expect(excess[0]).toBeCloseTo(capExcess, 9);
        const timeOk = !checked.violations.some((v) => /arrives|shift|after/.test(v));
        expect(excess[1]! <= 1e-9).toBe(timeOk);
        expect(excess[0]! + excess[1]! <= 1e-9).toBe(checked.feasible);
        if (checked.feasible) {
          feasible++;
          // Minimal duration (latest departure) as the checker schedules it.
          expect((rules.rules[1] as TripTimeRule).routeDuration(end)).toBeCloseTo(checked.routes[0]!.duration, 6);
        } else infeasible++;
        // Every split point fw[a] ⊕ bw[b], and a node-by-node accumulation, give the same violation.
        const total = rules.routePenalty(end, 0);
        const { nodes, leg } = storeRoute(rules, inst, seq);
        for (let k = 0; k + 1 < nodes.length; k++) {
          rules.start(1, nodes[k]!);
          rules.push(2, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
          expect(rules.penalty(0)).toBeCloseTo(total, 6);
        }
        rules.start(0, nodes[0]!);
        for (let k = 1; k < nodes.length; k++) rules.push(0, nodes[k]!, ...leg(nodes[k - 1]!, nodes[k]!));
        expect(rules.penalty(0)).toBeCloseTo(total, 6);
      }
    }
    expect(feasible).toBeGreaterThan(50);
    expect(infeasible).toBeGreaterThan(50);
  });
});

/** Exhaustive optimum for one vehicle: every order of the jobs and every cut into trips (checker as oracle). */
function bruteForceTrips(problem: Problem): number {
  const n = problem.jobs.length;
  let best = Infinity;
  const perm = [...Array(n).keys()];
  const visit = (k: number): void => {
    if (k === n) {
      for (let cuts = 0; cuts < 1 << (n - 1); cuts++) {
        const trips: number[][] = [[]];
        perm.forEach((j, i) => {
          trips.at(-1)!.push(j);
          if (i < n - 1 && cuts & (1 << i)) trips.push([]);
        });
        const r = check(problem, { routes: [{ vehicle: 0, trips }], unassigned: [] });
        if (r.feasible && r.cost.total < best) best = r.cost.total;
      }
      return;
    }
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
      visit(k + 1);
      [perm[k], perm[i]] = [perm[i]!, perm[k]!];
    }
  };
  visit(0);
  return best;
}

describe('solve with reloads and release dates', () => {
  it('reaches the brute-force optimum on tiny one-vehicle instances', () => {
    let multiTrip = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const problem = randomProblem(100 + seed, 6);
      const optimum = bruteForceTrips(problem);
      if (!Number.isFinite(optimum)) continue;
      const r = solve(problem, { seed: 1, maxIterations: 300 });
      const checked = check(problem, r.solution);
      expect(checked.violations).toEqual([]);
      expect(checked.cost.total).toBeCloseTo(optimum, 6);
      if (checked.routes[0]!.trips > 1) multiTrip++;
    }
    expect(multiTrip).toBeGreaterThan(2);
  });

  it('a trip waits for its release: the solver never departs before it (checker)', () => {
    // Two clusters; the far one is released late, so it must be a later trip than the near one.
    const problem = euclidProblem(
      [[0, 0], [10, 0], [12, 0], [-10, 0], [-12, 0]],
      [
        { location: 1, demand: [5] }, { location: 2, demand: [5] },
        { location: 3, demand: [5], release: 200 }, { location: 4, demand: [5], release: 200 },
      ],
      [{ capacity: [10], shift: { start: 0, end: 1000 }, maxTrips: 3 }],
    );
    const r = solve(problem, { seed: 3, maxIterations: 200 });
    const checked = check(problem, r.solution);
    expect(checked.violations).toEqual([]);
    expect(checked.cost.total).toBe(48);
    const route = checked.routes[0]!;
    expect(route.trips).toBe(2);
    const reload = route.steps.find((s) => s.type === 'reload')!;
    expect(reload.departure).toBeGreaterThanOrEqual(200);
    // Same data without releases: same cost, no waiting at the reload.
    for (const j of problem.jobs) j.release = 0;
    const free = check(problem, solve(problem, { seed: 3, maxIterations: 200 }).solution);
    expect(free.cost.total).toBe(48);
    expect(free.routes[0]!.steps.find((s) => s.type === 'reload')!.departure).toBeLessThan(200);
  });

  it('the local search inserts a reload into an overloaded route and removes a useless one', () => {
    const problem = euclidProblem(
      [[0, 0], [10, 0], [10, 2], [0, 10], [2, 10]],
      [{ location: 1, demand: [6] }, { location: 2, demand: [6] }, { location: 3, demand: [6] }, { location: 4, demand: [6] }],
      [{ capacity: [12], maxTrips: 5 }],
    );
    const inst = compileInstance(problem);
    expect(inst.n).toBeGreaterThan(inst.jobCount);
    const hgs = new Hgs(inst, 1);
    const reload = inst.jobCount;
    const count = (routes: number[][]) => routes[0]!.filter((x) => inst.isReload[x]).length;
    // Overloaded (24 > 12) single trip: a reload gets inserted, between the two clusters.
    hgs.ls.penaltyScale = 10;
    hgs.ls.load({ routes: [[0, 1, 2, 3]], unassigned: [] });
    hgs.ls.run();
    const fixed = hgs.ls.export();
    expect(count(fixed.routes)).toBe(1);
    expect(hgs.ls.violations()).toBe(0);
    const trips = asSolution(inst, fixed.routes[0]!);
    expect(trips.routes[0]!.trips.map((t) => [...t].sort())).toEqual(expect.arrayContaining([[0, 1], [2, 3]]));
    // Of two reloads (one splitting a cluster) one is useless and goes.
    hgs.ls.penaltyScale = 1;
    hgs.ls.load({ routes: [[0, reload, 1, reload + 1, 2, 3]], unassigned: [] });
    hgs.ls.run();
    expect(count(hgs.ls.export().routes)).toBe(1);
    expect(check(problem, asSolution(inst, hgs.ls.export().routes[0]!)).cost.total).toBe(check(problem, trips).cost.total);
  });

  it('is deterministic for a seed on a benchmark fixture', () => {
    const problem = readVrplib(readFileSync('bench/instances/mtvrptwr/R201R0.5.vrp', 'utf8'), 'R201R0.5.vrp');
    const a = solve(problem, { seed: 5, maxIterations: 8 });
    const b = solve(problem, { seed: 5, maxIterations: 8 });
    expect(a.solution).toEqual(b.solution);
    const checked = check(problem, a.solution);
    expect(checked.feasible).toBe(true);
    expect(checked.routes.some((r) => r.trips > 1)).toBe(true);
    expect(a.feasible).toBe(true);
    expect(a.cost.total).toBeCloseTo(checked.cost.total, 6);
  });
});

describe('trip count', () => {
  it('a shared reload pool respects each vehicle’s maxTrips', () => {
    // Four full loads, two vehicles with two trips each: the only feasible plan is 2 + 2 trips.
    const problem = euclidProblem(
      [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]],
      [1, 2, 3, 4].map((location) => ({ location, demand: [10] })),
      [{ capacity: [10], maxTrips: 2 }, { capacity: [10], maxTrips: 2 }],
    );
    const inst = compileInstance(problem);
    expect(inst.n - inst.jobCount).toBe(2);
    expect(new RuleSet(inst, inst.n + 4).rules.map((r) => r.name)).toEqual(['capacity', 'trips']);
    const checked = check(problem, solve(problem, { seed: 2, maxIterations: 100 }).solution);
    expect(checked.violations).toEqual([]);
    expect(checked.routes.map((r) => r.trips)).toEqual([2, 2]);
    expect(checked.cost.total).toBe(80);
  });
});
