import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { solve } from '../../../src/engine/solve.js';
import { bruteForce, euclidProblem, randomPoints } from './fixtures.js';

const BUDGET = { maxIterations: 300, seed: 1 };

/** The solver's answer, verified by the independent checker. */
function solveChecked(problem: Parameters<typeof solve>[0], options = BUDGET) {
  const result = solve(problem, options);
  const verdict = check(problem, result.solution);
  expect(verdict.violations).toEqual(result.feasible ? [] : verdict.violations);
  expect(verdict.feasible).toBe(result.feasible);
  expect(verdict.cost.total).toBeCloseTo(result.cost.total, 6);
  return { result, verdict };
}

describe('solve: optimality on tiny instances (brute force via the checker)', () => {
  it('CVRP: 7 jobs, capacity 3, three identical vehicles', () => {
    for (const seed of [1, 2, 3]) {
      const pts = randomPoints(seed, 8);
      const problem = euclidProblem(
        pts,
        pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 2)] })),
        [{ capacity: [4] }, { capacity: [4] }, { capacity: [4] }],
      );
      const opt = bruteForce(problem);
      const { result } = solveChecked(problem);
      expect(result.feasible).toBe(true);
      expect(result.cost.total).toBeCloseTo(opt.cost, 6);
    }
  });

  it('VRPTW: 6 jobs with time windows and service times', () => {
    let windowsBind = 0;
    for (const seed of [4, 5, 6]) {
      const pts = randomPoints(seed, 7);
      const problem = euclidProblem(
        pts,
        pts.slice(1).map((_, i) => ({
          location: i + 1,
          service: 10,
          timeWindows: [{ start: (i % 3) * 60, end: (i % 3) * 60 + 90 }],
        })),
        [{ capacity: [3] }, { capacity: [3] }, { capacity: [3] }].map((v) => ({ ...v, shift: { start: 0, end: 400 } })),
      );
      const opt = bruteForce(problem);
      expect(opt.cost).toBeLessThan(Infinity);
      const relaxed = bruteForce({ ...problem, jobs: problem.jobs.map((j) => ({ ...j, timeWindows: [] })) });
      if (opt.cost > relaxed.cost + 1e-9) windowsBind++;
      const { result } = solveChecked(problem);
      expect(result.feasible).toBe(true);
      expect(result.cost.total).toBeCloseTo(opt.cost, 6);
    }
    expect(windowsBind).toBeGreaterThan(0); // the windows really shape the optimum
  });

  it('heterogeneous fleet: depots, capacities, fixed costs, allowedVehicles and an optional job', () => {
    const pts = randomPoints(11, 9);
    const problem = euclidProblem(
      pts,
      [
        { location: 2, demand: [3] },
        { location: 3, demand: [1], allowedVehicles: [1] },
        { location: 4, demand: [2] },
        { location: 5, demand: [2] },
        { location: 6, demand: [1], optional: true, penalty: 15 },
        { location: 7, demand: [2] },
      ],
      [
        { capacity: [5], start: 0, end: 0, fixedCost: 40 },
        { capacity: [3], start: 1, end: 1, fixedCost: 10, costPerDistance: 2 },
        { capacity: [8], start: 8, end: null, fixedCost: 100 },
      ],
    );
    const opt = bruteForce(problem);
    expect(opt.cost).toBeLessThan(Infinity);
    const { result } = solveChecked(problem);
    expect(result.feasible).toBe(true);
    expect(result.cost.total).toBeCloseTo(opt.cost, 6);
  });

  it('optional job: dropped when its penalty is below its insertion cost, served otherwise', () => {
    const pts: Array<[number, number]> = [[0, 0], [10, 0], [12, 0], [500, 500]];
    const make = (penalty: number) =>
      euclidProblem(pts, [{ location: 1 }, { location: 2 }, { location: 3, optional: true, penalty }], [{ capacity: [10] }]);
    const cheap = solveChecked(make(50)).result;
    expect(cheap.solution.unassigned).toEqual([2]);
    expect(cheap.feasible).toBe(true);
    const dear = solveChecked(make(100_000)).result;
    expect(dear.solution.unassigned).toEqual([]);
  });

  it('optional jobs whose penalty outweighs any violation: a feasible plan serving what fits, not an overloaded one', () => {
    // Penalty 1e9 (as dispatch gives orders) is beyond the penalty coefficients' reach: the search
    // alone would keep all 9 jobs on the one vehicle of capacity 6 and 5 tight windows.
    const pts = randomPoints(3, 10, 100);
    const p = euclidProblem(
      pts,
      pts.slice(1).map((_, i) => ({ location: i + 1, optional: true, penalty: 1e9, ...(i % 2 ? { timeWindows: [{ start: 0, end: 60 + 10 * i }] } : {}) })),
      [{ capacity: [6] }],
    );
    const { result, verdict } = solveChecked(p, { maxIterations: 50, seed: 2 });
    expect(verdict.feasible).toBe(true);
    expect(result.solution.unassigned.length).toBeGreaterThanOrEqual(3);
    expect(result.solution.unassigned.length).toBeLessThan(9);
  });
});

describe('solve: infeasible inputs', () => {
  it('a job heavier than every vehicle, or with no allowed vehicle, is unassigned; the rest is solved', () => {
    const pts = randomPoints(21, 6);
    const problem = euclidProblem(
      pts,
      [
        { location: 1, demand: [2] },
        { location: 2, demand: [99] },
        { location: 3, demand: [2] },
        { location: 4, demand: [1], allowedVehicles: [] },
        { location: 5, demand: [1], timeWindows: [{ start: 0, end: 1 }] }, // unreachable in time
      ],
      [{ capacity: [5] }, { capacity: [5] }],
    );
    const { result, verdict } = solveChecked(problem);
    expect(result.solution.unassigned).toEqual([1, 3, 4]);
    expect(result.feasible).toBe(false); // mandatory jobs left out
    expect(verdict.violations.every((v) => v.includes('mandatory'))).toBe(true);
    const served = result.solution.routes.flatMap((r) => r.trips.flat()).sort();
    expect(served).toEqual([0, 2]);
  });

  it('no vehicles at all: everything unassigned, no crash', () => {
    const problem = euclidProblem(randomPoints(3, 4), [{ location: 1 }, { location: 2 }], []);
    const r = solve(problem, BUDGET);
    expect(r.solution.routes).toEqual([]);
    expect(r.solution.unassigned).toEqual([0, 1]);
  });
});

describe('solve: budgets, determinism and progress', () => {
  const pts = randomPoints(7, 121, 1000);
  const big = euclidProblem(
    pts,
    pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 7)] })),
    Array.from({ length: 40 }, () => ({ capacity: [30] })),
  );

  it('same seed and iteration budget give the identical result', () => {
    const a = solve(big, { seed: 5, maxIterations: 150 });
    const b = solve(big, { seed: 5, maxIterations: 150 });
    expect(a.solution).toEqual(b.solution);
    expect(a.cost).toEqual(b.cost);
    expect(a.iterations).toBe(150);
    expect(check(big, a.solution).feasible).toBe(true);
  });

  it('respects a 1 s time limit and reports progress', () => {
    const events: number[] = [];
    const t0 = performance.now();
    const r = solve(big, { seed: 1, timeLimitMs: 1000, onProgress: (p) => events.push(p.bestCost) });
    const wall = performance.now() - t0;
    expect(wall).toBeLessThan(1500);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(events.length).toBeGreaterThan(0);
    // Improvements are reported as they happen: the last report is the best cost seen.
    expect(Math.min(...events)).toBeCloseTo(r.cost.total, 6);
  });

  it('uses the injected clock for the time limit', () => {
    let t = 0;
    const r = solve(big, { seed: 1, timeLimitMs: 50, now: () => (t += 1) });
    expect(r.iterations).toBeLessThan(60);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(50);
  });
});

describe('solve: invalid problems', () => {
  it('rejects bad input with a coded error naming the problem', () => {
    const ok = () => euclidProblem(randomPoints(2, 4), [{ location: 1 }, { location: 2 }], [{}]);
    const cases: Array<[string, (p: ReturnType<typeof ok>) => void]> = [
      ['location_out_of_range', (p) => (p.jobs[0]!.location = 9)],
      ['demand_dimensions', (p) => (p.jobs[1]!.demand = [1, 2])],
      ['unknown_profile', (p) => (p.vehicles[0]!.profile = 'bike')],
      ['invalid_time_windows', (p) => (p.jobs[0]!.timeWindows = [{ start: 10, end: 5 }])],
      ['unknown_vehicle', (p) => (p.jobs[0]!.allowedVehicles = [3])],
      ['matrix_size', (p) => (p.matrices.car!.distance = new Float64Array(3))],
    ];
    for (const [code, mutate] of cases) {
      const p = ok();
      mutate(p);
      expect(() => solve(p, BUDGET)).toThrow(expect.objectContaining({ code, name: 'InvalidProblemError' }));
    }
  });
});
