// Warm start (SolveOptions.initialSolution): validated like the problem, rebuilt into the search's
// routes (trips joined by reload visits), missing jobs inserted, educated, never worse than given
// (the checker judges), deterministic per seed; through worker threads too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import type { Problem, Solution, SolveOptions } from '../../../src/engine/model.js';
import { decodeProblem, type ProblemJson } from '../../../src/jobs/problem-codec.js';
import { solve } from '../../../src/engine/solve.js';
import { solveInThread } from '../../../src/jobs/thread-solve.js';
import { solveParallel } from '../../../src/jobs/solve-threads.js';
import { euclidProblem, randomPoints } from './fixtures.js';

// Workers run the built JS: `npm run build` (npm test does it) before running this file alone.
const workerUrl = new URL('../../../dist/src/jobs/solve-worker.js', import.meta.url);

const pts = randomPoints(11, 121, 1000);
const cvrp = euclidProblem(
  pts,
  pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 7)] })),
  Array.from({ length: 40 }, () => ({ capacity: [30] })),
);
/** A good solution found once with a real budget: the warm start of the tests. */
const good = solve(cvrp, { seed: 2, maxIterations: 400 });
const goodCost = check(cvrp, good.solution).cost.total;

describe('warm start', () => {
  it('a good warm start survives a 1-iteration budget (without it, one iteration is far worse)', () => {
    expect(check(cvrp, good.solution).feasible).toBe(true);
    const warm = solve(cvrp, { seed: 9, maxIterations: 1, initialSolution: good.solution });
    const cold = solve(cvrp, { seed: 9, maxIterations: 1 });
    const w = check(cvrp, warm.solution);
    expect(w.feasible).toBe(true);
    expect(w.cost.total).toBeLessThanOrEqual(goodCost + 1e-6);
    expect(check(cvrp, cold.solution).cost.total).toBeGreaterThan(goodCost * 1.01);
  });

  it('an optimal warm start stays optimal (tiny instance, optimum known)', () => {
    const p = euclidProblem(randomPoints(4, 8, 100), Array.from({ length: 7 }, (_, i) => ({ location: i + 1 })), [{ capacity: [4] }, { capacity: [4] }]);
    const opt = solve(p, { seed: 1, maxIterations: 500 });
    const r = solve(p, { seed: 3, maxIterations: 1, initialSolution: opt.solution });
    expect(check(p, r.solution).cost.total).toBeCloseTo(check(p, opt.solution).cost.total, 9);
  });

  it('jobs the warm start leaves out (or lists unassigned) are inserted', () => {
    const missing = new Set([3, 17, 42, 77, 99, 118]);
    const partial: Solution = {
      routes: good.solution.routes.map((r) => ({ vehicle: r.vehicle, trips: r.trips.map((t) => t.filter((j) => !missing.has(j))) })),
      unassigned: [42],
    };
    const r = solve(cvrp, { seed: 1, maxIterations: 1, initialSolution: partial });
    const c = check(cvrp, r.solution);
    expect(c.feasible).toBe(true);
    expect(c.unassigned).toEqual([]);
    // Cheapest insertion then education: close to where it started.
    expect(c.cost.total).toBeLessThan(goodCost * 1.05);
  });

  it('never worse than the warm start under a tiny time budget (checker cost)', () => {
    const r = solve(cvrp, { seed: 4, timeLimitMs: 1, initialSolution: good.solution });
    const c = check(cvrp, r.solution);
    expect(c.feasible).toBe(true);
    expect(c.cost.total).toBeLessThanOrEqual(goodCost + 1e-6);
  });

  it('never worse than given when inserting its missing jobs would break a rule (optional jobs, huge penalty)', () => {
    const p = euclidProblem(
      randomPoints(12, 13, 100),
      Array.from({ length: 12 }, (_, i) => ({ location: i + 1, optional: true, penalty: 1e9 })),
      [{ capacity: [4] }, { capacity: [4] }],
    );
    const given: Solution = { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3]] }, { vehicle: 1, trips: [[4, 5, 6, 7]] }], unassigned: [8, 9, 10, 11] };
    const g = check(p, given);
    expect(g.feasible).toBe(true);
    for (const seed of [1, 2, 3]) {
      const r = solve(p, { seed, timeLimitMs: 1, initialSolution: given });
      const c = check(p, r.solution);
      expect(c.feasible).toBe(true);
      expect(c.cost.total).toBeLessThanOrEqual(g.cost.total + 1e-6);
    }
  });

  it('is deterministic per seed', () => {
    const a = solve(cvrp, { seed: 6, maxIterations: 60, initialSolution: good.solution });
    const b = solve(cvrp, { seed: 6, maxIterations: 60, initialSolution: good.solution });
    expect(a.solution).toEqual(b.solution);
    expect(a.cost).toEqual(b.cost);
  });

  it('multi-trip: trips become reload visits; a vehicle with fewer trips allowed gets the rest re-inserted', () => {
    const p = euclidProblem(
      randomPoints(5, 9, 100),
      Array.from({ length: 8 }, (_, i) => ({ location: i + 1 })),
      [{ capacity: [3], maxTrips: 3, reloadTime: 5 }, { capacity: [3], maxTrips: 1 }],
    );
    const warm: Solution = { routes: [{ vehicle: 0, trips: [[0, 1, 2], [3, 4, 5]] }, { vehicle: 1, trips: [[6], [7]] }], unassigned: [] };
    const r = solve(p, { seed: 1, maxIterations: 1, initialSolution: warm });
    const c = check(p, r.solution);
    expect(c.feasible).toBe(true);
    expect(c.unassigned).toEqual([]);
    expect(r.solution.routes.find((x) => x.vehicle === 1)?.trips.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('a job on a vehicle it may not use is moved, not rejected', () => {
    const p = euclidProblem(randomPoints(6, 5, 100), [{ location: 1, allowedVehicles: [1] }, { location: 2 }, { location: 3 }, { location: 4 }], [{}, {}]);
    const r = solve(p, { seed: 1, maxIterations: 1, initialSolution: { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3]] }], unassigned: [] } });
    const c = check(p, r.solution);
    expect(c.feasible).toBe(true);
    expect(r.solution.routes.find((x) => x.trips.flat().includes(0))?.vehicle).toBe(1);
  });

  it('rejects a malformed warm start with a coded error naming the problem', () => {
    const cases: Array<[string, unknown]> = [
      ['initial_solution_vehicle', { routes: [{ vehicle: 40, trips: [[0]] }], unassigned: [] }],
      ['initial_solution_job', { routes: [{ vehicle: 0, trips: [[0, 120]] }], unassigned: [] }],
      ['initial_solution_job', { routes: [{ vehicle: 0, trips: [[1.5]] }], unassigned: [] }],
      ['initial_solution_duplicate_job', { routes: [{ vehicle: 0, trips: [[0]] }, { vehicle: 1, trips: [[0]] }], unassigned: [] }],
      ['initial_solution_duplicate_job', { routes: [{ vehicle: 0, trips: [[5]] }], unassigned: [5] }],
      ['initial_solution_duplicate_vehicle', { routes: [{ vehicle: 2, trips: [[0]] }, { vehicle: 2, trips: [[1]] }], unassigned: [] }],
      ['invalid_initial_solution', { routes: [{ vehicle: 0, trips: [0, 1] }], unassigned: [] }],
      ['invalid_initial_solution', { routes: [] }],
    ];
    for (const [code, initialSolution] of cases) {
      expect(() => solve(cvrp, { maxIterations: 1, initialSolution: initialSolution as Solution })).toThrow(
        expect.objectContaining({ code, name: 'InvalidProblemError', message: expect.stringContaining('initialSolution') }),
      );
    }
  });
});

describe('warm start through worker threads', () => {
  it('solveParallel seeds every worker with it and stays deterministic', async () => {
    const opts = { threads: 2, seed: 3, maxIterations: 2, exchangeEvery: 1, workerUrl, initialSolution: good.solution };
    const a = await solveParallel(cvrp, opts);
    const b = await solveParallel(cvrp, opts);
    expect(a.solution).toEqual(b.solution);
    const c = check(cvrp, a.solution);
    expect(c.feasible).toBe(true);
    expect(c.cost.total).toBeLessThanOrEqual(goodCost + 1e-6);
  });

  it('a bad warm start fails in the caller with its typed error (threads, jobs layer)', async () => {
    const bad = { routes: [{ vehicle: 99, trips: [[0]] }], unassigned: [] };
    await expect(solveParallel(cvrp, { threads: 2, maxIterations: 1, workerUrl, initialSolution: bad })).rejects.toMatchObject({ code: 'initial_solution_vehicle' });
    await expect(solveInThread({ problem: cvrp, timeLimitMs: 1000, initialSolution: bad }, workerUrl)).rejects.toMatchObject({ code: 'initial_solution_vehicle' });
  });

  it('the jobs layer passes it to its worker thread', async () => {
    const p: Problem = cvrp;
    const r = await solveInThread({ problem: p, timeLimitMs: 5_000, maxIterations: 1, seed: 8, initialSolution: good.solution }, workerUrl);
    const c = check(p, r.solution);
    expect(c.feasible).toBe(true);
    expect(c.cost.total).toBeLessThanOrEqual(goodCost + 1e-6);
  });
});

describe('warm start of a dispatch round (orders optional at a huge penalty, vans and drones)', () => {
  // A round recorded by bench:sim --dump-problems: the previous plan places 7 of 19 orders. Its
  // educated warm start breaks a time window; the plan that drops orders to be feasible must not
  // stop the repair of that cheaper individual (it did: 6 orders left out after one iteration).
  const round = JSON.parse(readFileSync(new URL('./recorded/dispatch-round-warm.json', import.meta.url), 'utf8')) as { problem: ProblemJson; options: SolveOptions };
  const problem = decodeProblem(round.problem);

  it('plans every order from the first iteration, feasibly, and no worse than a cold start', () => {
    const warm = solve(problem, { ...round.options, maxIterations: 1 });
    const c = check(problem, warm.solution);
    expect(c.feasible).toBe(true);
    expect(warm.solution.unassigned).toEqual([]);
    const cold = solve(problem, { seed: round.options.seed ?? 1, maxIterations: round.options.maxIterations ?? 20 });
    expect(cold.solution.unassigned).toEqual([]);
    expect(check(problem, solve(problem, round.options).solution).cost.total).toBeLessThanOrEqual(check(problem, cold.solution).cost.total * 1.02);
  });
});
