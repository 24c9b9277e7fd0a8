import { describe, expect, it, vi } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { snapshotToSolution, SearchRun } from '../../../src/engine/solver/driver.js';
import { DEFAULT_DECOMPOSITION, decomposable, decompositionRound, subProblem } from '../../../src/engine/solver/decompose.js';
import { compileInstance } from '../../../src/engine/solver/instance.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { euclidProblem, randomPoints } from './fixtures.js';

// 240 jobs around a depot in the middle, capacity 40 (about 30 routes).
const pts = randomPoints(11, 241, 1000);
pts[0] = [500, 500];
const problem = euclidProblem(
  pts,
  pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 9)] })),
  Array.from({ length: 60 }, () => ({ capacity: [40] })),
);
const SMALL = { ...DEFAULT_DECOMPOSITION, minJobs: 100, groupJobs: 60, period: 5, subInitial: 2, subIterations: 30 };

describe('decomposition', () => {
  it('sub-problem keeps the jobs and the matrix block of their locations', () => {
    const jobs = [5, 17, 3];
    const sub = subProblem(problem, jobs, 2);
    expect(sub.jobs.map((j) => j.id)).toEqual(['j5', 'j17', 'j3']);
    expect(sub.vehicles).toHaveLength(2);
    const L = problem.locationCount;
    const D = problem.matrices.car!.distance;
    const locs = [0, ...jobs.map((j) => problem.jobs[j]!.location)];
    for (let a = 0; a < locs.length; a++)
      for (let b = 0; b < locs.length; b++)
        expect(sub.matrices.car!.distance[a * sub.locationCount + b]).toBe(D[locs[a]! * L + locs[b]!]);
    expect(sub.vehicles[0]!.start).toBe(0);
  });

  it('a round returns a feasible solution of the whole problem that costs less (checker)', () => {
    const run = new SearchRun(compileInstance(problem), { seed: 3, maxIterations: 8 }, 3, undefined, undefined, { minJobs: Infinity });
    run.run();
    const best = run.hgs.best!;
    expect(best.feasible).toBe(true);
    const before = check(problem, snapshotToSolution(run.inst, run.hgs.routeVeh, best.snapshot));
    const snap = decompositionRound(run.hgs, best.snapshot, new Rng(4), { ...SMALL, subIterations: 100 }, () => false);
    expect(snap).not.toBeNull();
    const after = check(problem, snapshotToSolution(run.inst, run.hgs.routeVeh, snap));
    expect(after.feasible).toBe(true);
    expect(after.violations).toEqual([]);
    expect(after.cost.total).toBeLessThan(before.cost.total);
    expect(snap!.routes.flat().sort((a, b) => a - b)).toEqual([...Array(240).keys()]);
  });

  it('runs inside the search on qualifying instances and keeps results deterministic per seed', () => {
    const solveOnce = () => {
      const run = new SearchRun(compileInstance(problem), { seed: 9, maxIterations: 110 }, 9, undefined, undefined, SMALL);
      const adopt = vi.spyOn(run.hgs, 'adopt');
      run.run();
      return { solution: run.solution(), rounds: adopt.mock.calls.length };
    };
    const a = solveOnce();
    const b = solveOnce();
    expect(a.rounds).toBeGreaterThan(0);
    expect(a.solution).toEqual(b.solution);
    expect(check(problem, a.solution).feasible).toBe(true);
  });

  it('stays off for small instances and for fleets that are not alike', () => {
    const run = new SearchRun(compileInstance(problem), { maxIterations: 1 }, 1);
    expect(decomposable(run.hgs, DEFAULT_DECOMPOSITION)).toBe(false); // 240 < minJobs
    const mixed = { ...problem, vehicles: problem.vehicles.map((v, k) => ({ ...v, capacity: [k % 2 ? 40 : 50] })) };
    const run2 = new SearchRun(compileInstance(mixed), { maxIterations: 1 }, 1);
    expect(decomposable(run2.hgs, SMALL)).toBe(false);
    expect(decomposable(new SearchRun(compileInstance(problem), { maxIterations: 1 }, 1).hgs, SMALL)).toBe(true);
  });
});
