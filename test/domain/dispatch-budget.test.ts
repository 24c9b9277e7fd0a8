// The solver budget of a round: fixed by default; with per-job settings it grows with the round's
// jobs between a floor and the configured cap (time and, for deterministic runs, iterations).
import { beforeAll, describe, expect, it } from 'vitest';
import { configureDispatch, DEFAULT_DISPATCH_SETTINGS, dispatchSettingsFromEnv, SOLVE_MIN_ITERATIONS, SOLVE_MIN_MS, solveBudget } from '../../src/domain/dispatch-settings.js';
import { runDispatchRound, type DispatchSolve } from '../../src/domain/dispatch.js';
import { solve } from '../../src/engine/solve.js';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { TestClock, addVans, readyOrders } from './dispatch-fixtures.js';

describe('solveBudget', () => {
  it('without per-job settings every round gets the configured budget', () => {
    expect(solveBudget(DEFAULT_DISPATCH_SETTINGS, 3)).toEqual({ timeLimitMs: 2000 });
    expect(solveBudget({ ...DEFAULT_DISPATCH_SETTINGS, solveMaxIterations: 100 }, 3)).toEqual({ timeLimitMs: 2000, maxIterations: 100 });
  });

  it('per job: proportional to the jobs, at least the floor, at most the cap', () => {
    const s = { ...DEFAULT_DISPATCH_SETTINGS, solveTimeLimitMs: 2000, solveMsPerJob: 20, solveMaxIterations: 100, solveIterationsPerJob: 0.5 };
    expect(solveBudget(s, 1)).toEqual({ timeLimitMs: SOLVE_MIN_MS, maxIterations: SOLVE_MIN_ITERATIONS });
    expect(solveBudget(s, 61)).toEqual({ timeLimitMs: 1220, maxIterations: 31 });
    expect(solveBudget(s, 500)).toEqual({ timeLimitMs: 2000, maxIterations: 100 });
    // A cap below the floor wins: the floor never exceeds what the operator allowed.
    expect(solveBudget({ ...s, solveMaxIterations: 10, solveTimeLimitMs: 50 }, 1)).toEqual({ timeLimitMs: 50, maxIterations: 10 });
  });

  it('a warm-started round counts only the jobs its previous plan leaves out, from its own floor', () => {
    const s = { ...DEFAULT_DISPATCH_SETTINGS, solveMaxIterations: 100, solveIterationsPerJob: 0.5 };
    // Off unless configured: the warm start changes nothing.
    expect(solveBudget(s, 90, 6)).toEqual({ timeLimitMs: 2000, maxIterations: 45 });
    const warm = { ...s, solveWarmMinIterations: 10 };
    expect(solveBudget(warm, 90, 6)).toEqual({ timeLimitMs: 2000, maxIterations: 10 });
    expect(solveBudget(warm, 90, 50)).toEqual({ timeLimitMs: 2000, maxIterations: 25 });
    expect(solveBudget(warm, 400, 300)).toEqual({ timeLimitMs: 2000, maxIterations: 100 });
    // A cold round (no warm start) keeps the per-job budget and its usual floor.
    expect(solveBudget(warm, 6)).toEqual({ timeLimitMs: 2000, maxIterations: SOLVE_MIN_ITERATIONS });
    expect(solveBudget(warm, 90)).toEqual({ timeLimitMs: 2000, maxIterations: 45 });
  });

  it('RELAIS_DISPATCH_MS_PER_JOB sets the time per job; a bad value is named', () => {
    expect(dispatchSettingsFromEnv({ RELAIS_DISPATCH_MS_PER_JOB: '15' })).toEqual({ solveMsPerJob: 15 });
    expect(() => dispatchSettingsFromEnv({ RELAIS_DISPATCH_MS_PER_JOB: 'fast' })).toThrow(/RELAIS_DISPATCH_MS_PER_JOB/);
  });
});

const clock = new TestClock();

describeBackends(
  'a dispatch round asks the solver for its per-job budget',
  (env) => {
    let w: World;
    beforeAll(async () => {
      w = await seedWorld(env());
      await addVans(env().ctx, w.hubs.north, 2);
    }, 180_000);

    it('25 jobs at 0.9 iterations and 18 ms per job: 23 iterations and 450 ms', async () => {
      const { ctx } = env();
      configureDispatch(ctx, { solveTimeLimitMs: 2000, solveMaxIterations: 100, solveIterationsPerJob: 0.9, solveMsPerJob: 18 });
      const orders = await readyOrders(ctx, w, 25, clock.s);
      const asked: Array<{ jobs: number; maxIterations?: number; timeLimitMs: number }> = [];
      const recording: DispatchSolve = async (req) => {
        asked.push({ jobs: req.problem.jobs.length, timeLimitMs: req.timeLimitMs, ...(req.maxIterations !== undefined ? { maxIterations: req.maxIterations } : {}) });
        const r = solve(req.problem, { seed: 1, ...(req.maxIterations !== undefined ? { maxIterations: req.maxIterations } : {}) });
        return { solution: r.solution, iterations: r.iterations, elapsedMs: r.elapsedMs };
      };
      const r = await runDispatchRound(ctx, w.hubs.north, { solve: recording });
      expect(asked).toEqual([{ jobs: 25, maxIterations: 23, timeLimitMs: 450 }]);
      expect(r.solver.iterations).toBe(23);
      expect(r.assigned.length + r.unassigned.length).toBe(orders.length);
    }, 180_000);

    it('with solveWarmMinIterations, the next round (warm-started from that plan) counts only the orders it leaves out', async () => {
      const { ctx } = env();
      configureDispatch(ctx, { solveTimeLimitMs: 2000, solveMaxIterations: 100, solveIterationsPerJob: 0.9, solveWarmMinIterations: 5 });
      await readyOrders(ctx, w, 4, clock.s);
      const asked: Array<{ jobs: number; fresh: number | undefined; maxIterations?: number }> = [];
      const recording: DispatchSolve = async (req) => {
        asked.push({ jobs: req.problem.jobs.length, fresh: req.initialSolution?.unassigned.length, ...(req.maxIterations !== undefined ? { maxIterations: req.maxIterations } : {}) });
        const r = solve(req.problem, { seed: 1, ...(req.maxIterations !== undefined ? { maxIterations: req.maxIterations } : {}), ...(req.initialSolution ? { initialSolution: req.initialSolution } : {}) });
        return { solution: r.solution, iterations: r.iterations, elapsedMs: r.elapsedMs };
      };
      await runDispatchRound(ctx, w.hubs.north, { solve: recording });
      expect(asked).toHaveLength(1);
      const [a] = asked;
      expect(a!.jobs).toBe(29);
      // The 4 new orders (and any the first plan left out) are what the warm start does not place.
      expect(a!.fresh).toBeGreaterThanOrEqual(4);
      expect(a!.fresh).toBeLessThan(29);
      expect(a!.maxIterations).toBe(Math.max(5, Math.ceil(0.9 * a!.fresh!)));
      expect(a!.maxIterations).toBeLessThan(Math.ceil(0.9 * 29));
    }, 180_000);
  },
  { nowMs: clock.now },
);
